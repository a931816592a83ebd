namespace Hangar.Worker.Isolation;

/// <summary>The isolation the worker was told to require is not available on this machine; the message says why and how to fix it.</summary>
public sealed class IsolationUnavailableException : Exception
{
    public IsolationUnavailableException(string message)
        : base(message)
    {
    }

    public IsolationUnavailableException()
    {
    }

    public IsolationUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
