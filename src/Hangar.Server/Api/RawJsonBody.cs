using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangar.Core.Errors;

namespace Hangar.Server;

/// <summary>
/// Reads a trigger's body as raw JSON, whatever its Content-Type (Robocorp's clients sometimes send none), within
/// the server's body limit. The raw text also feeds the idempotency hash. Bytes that are not UTF-8 are refused
/// (400 <c>invalid_json</c>) rather than read as U+FFFD, as for every JSON body (<see cref="JsonBodyMiddleware"/>).
/// </summary>
public sealed record RawJsonBody(JsonElement? Json, string Text)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static async Task<RawJsonBody> ReadAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var reader = new StreamReader(Utf8ValidatingStream.Over(http.Request.Body), Encoding.UTF8);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RawJsonBody(null, string.Empty);
        }

        try
        {
            using var document = JsonDocument.Parse(text, Options);
            return new RawJsonBody(document.RootElement.Clone(), text);
        }
        catch (JsonException)
        {
            throw HangarException.Invalid("invalid_json", "The body is not valid JSON.");
        }
    }

    /// <summary>SHA-256 over the route and the body: the same key with another body is another request.</summary>
    public string Hash(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}\n{Text}")));
    }

    /// <summary>The <c>Idempotency-Key</c> header, checked for shape; null when absent.</summary>
    public static string? IdempotencyKey(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0)
        {
            return null;
        }

        return key.Length <= 200 && key.All(c => c is >= '!' and <= '~')
            ? key
            : throw HangarException.Invalid("invalid_idempotency_key", "'Idempotency-Key' must be 1 to 200 visible ASCII characters.");
    }
}
