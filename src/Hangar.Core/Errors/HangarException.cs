namespace Hangar.Core.Errors;

/// <summary>
/// A refusal the caller can act on: it carries a stable snake_case <see cref="Code"/> and a message safe to show.
/// Anything else thrown is a bug and leaves the server as a bare 500 without details.
/// </summary>
public sealed class HangarException : Exception
{
    public HangarException(ErrorKind kind, string code, string message)
        : base(message)
    {
        Kind = kind;
        Code = code;
    }

    public HangarException()
        : this(ErrorKind.BadRequest, "bad_request", "The request is not valid.")
    {
    }

    public HangarException(string message)
        : this(ErrorKind.BadRequest, "bad_request", message)
    {
    }

    public HangarException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = ErrorKind.BadRequest;
        Code = "bad_request";
    }

    public ErrorKind Kind { get; }
    public string Code { get; }

    /// <summary>Seconds the caller should wait before trying again (429 only).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static HangarException Invalid(string code, string message) => new(ErrorKind.BadRequest, code, message);

    public static HangarException NotFound(string what) =>
        new(ErrorKind.NotFound, "not_found", $"{what} was not found.");

    public static HangarException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static HangarException Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);

    public static HangarException Unauthorized(string code, string message) =>
        new(ErrorKind.Unauthorized, code, message);
}
