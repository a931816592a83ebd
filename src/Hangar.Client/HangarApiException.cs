using System.Net;

namespace Hangar.Client;

/// <summary>A refusal from the server, with its HTTP status and the stable <see cref="Code"/> of its error body.</summary>
public sealed class HangarApiException : Exception
{
    public HangarApiException(HttpStatusCode status, string code, string message)
        : base($"{(int)status} {code}: {message}")
    {
        Status = status;
        Code = code;
    }

    public HangarApiException()
    {
        Code = "unknown";
    }

    public HangarApiException(string message)
        : base(message)
    {
        Code = "unknown";
    }

    public HangarApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "unknown";
    }

    public HttpStatusCode Status { get; }
    public string Code { get; }
}
