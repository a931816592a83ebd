using System.Text;
using System.Text.Json;
using Hangar.Core.Errors;

namespace Hangar.Core.Runs;

/// <summary>Work item payloads: any JSON value, kept as text, bounded in size and depth.</summary>
public static class Payloads
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = RunLimits.MaxPayloadDepth };

    /// <summary>Returns the payload when it is JSON within the limits (null stays null); refuses it otherwise.</summary>
    public static string? Check(string? json, string field = "payload")
    {
        if (json is null)
        {
            return null;
        }

        if (Encoding.UTF8.GetByteCount(json) > RunLimits.MaxPayloadBytes)
        {
            throw new HangarException(ErrorKind.PayloadTooLarge, "payload_too_large",
                $"'{field}' is larger than {RunLimits.MaxPayloadBytes / 1024} KiB.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException)
        {
            throw HangarException.Invalid("invalid_json", $"'{field}' is not valid JSON nested at most {RunLimits.MaxPayloadDepth} levels deep.");
        }

        using (document)
        {
            try
            {
                // What is kept must be writable again: an escaped half of a surrogate pair ("\ud800") parses, but is no
                // text, and every answer that carried the payload would fail.
                using var writer = new Utf8JsonWriter(Stream.Null);
                document.WriteTo(writer);
            }
            catch (InvalidOperationException)
            {
                throw HangarException.Invalid("invalid_json", $"'{field}' holds a string that is not text (an unpaired surrogate such as \\ud800).");
            }
        }

        return json;
    }
}
