namespace Hangar.Core.Errors;

/// <summary>The class of a refusal; each HTTP surface maps it to its status code in one place.</summary>
public enum ErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    TooManyRequests,

    /// <summary>The body is not in a format the route reads (HTTP's 415).</summary>
    UnsupportedMediaType,
}
