namespace Hangar.Core.Webhooks;

/// <summary>Thrown by the delivery connection when every address of the endpoint's host is one deliveries may not reach.</summary>
public sealed class EndpointRefusedException : Exception
{
    public EndpointRefusedException()
    {
    }

    public EndpointRefusedException(string message)
        : base(message)
    {
    }

    public EndpointRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
