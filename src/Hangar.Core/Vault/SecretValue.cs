using System.Text.Encodings.Web;
using System.Text.Json;
using Hangar.Core.Errors;

namespace Hangar.Core.Vault;

/// <summary>
/// A secret's value: a JSON object of string keys to string values, in the order given (Robocorp's secrets are such
/// maps; robots read them as dictionaries). Its canonical form is compact JSON text in UTF-8, which is what is
/// encrypted at rest and handed to robots.
/// </summary>
public sealed class SecretValue
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 4 };

    // The text is never inlined into HTML: only what JSON itself requires is escaped, so sizes are honest.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private SecretValue(IReadOnlyList<KeyValuePair<string, string>> entries) => Entries = entries;

    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    public IReadOnlyList<string> Keys => Entries.Select(e => e.Key).ToList();

    /// <summary>A value given as a JSON element (the v1 API's <c>value</c>); refuses anything but an object of strings.</summary>
    public static SecretValue FromJson(JsonElement? element, string field = "value")
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            throw HangarException.Invalid("invalid_secret_value", $"'{field}' must be a JSON object of string keys to string values.");
        }

        var entries = new List<KeyValuePair<string, string>>();
        foreach (var property in obj.EnumerateObject())
        {
            CheckKey(property.Name, field);
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw HangarException.Invalid("invalid_secret_value", $"'{field}.{property.Name}' must be a string.");
            }

            entries.Add(KeyValuePair.Create(property.Name, property.Value.GetString()!));
        }

        return FromEntries(entries, field);
    }

    /// <summary>A value given as key/value pairs (the UI's form), in their order; the same rules as <see cref="FromJson"/>.</summary>
    public static SecretValue FromEntries(IEnumerable<KeyValuePair<string, string>> pairs, string field = "value")
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var entries = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, text) in pairs)
        {
            CheckKey(key, field);
            if (!seen.Add(key))
            {
                throw HangarException.Invalid("invalid_secret_value", $"'{field}' has the key '{key}' more than once.");
            }

            entries.Add(KeyValuePair.Create(key, text ?? string.Empty));
        }

        var value = new SecretValue(entries);
        if (value.ToUtf8Json().Length > VaultLimits.MaxValueBytes)
        {
            throw new HangarException(ErrorKind.PayloadTooLarge, "secret_too_large",
                $"'{field}' is larger than {VaultLimits.MaxValueBytes / 1024} KiB as JSON.");
        }

        return value;
    }

    private static void CheckKey(string? key, string field)
    {
        if (key is null || key.Length is 0 or > VaultLimits.MaxKeyLength || key.Any(char.IsControl))
        {
            throw HangarException.Invalid("invalid_secret_value",
                $"Keys of '{field}' must be 1 to {VaultLimits.MaxKeyLength} characters without control characters.");
        }
    }

    /// <summary>A value given as JSON text (decrypted from a robot's upload); the same rules as <see cref="FromJson"/>.</summary>
    public static SecretValue FromUtf8Json(ReadOnlySpan<byte> utf8, string field = "value")
    {
        if (utf8.Length > VaultLimits.MaxValueBytes)
        {
            throw new HangarException(ErrorKind.PayloadTooLarge, "secret_too_large",
                $"'{field}' is larger than {VaultLimits.MaxValueBytes / 1024} KiB as JSON.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        }
        catch (JsonException)
        {
            throw HangarException.Invalid("invalid_secret_value", $"'{field}' is not valid JSON.");
        }

        using (document)
        {
            return FromJson(document.RootElement, field);
        }
    }

    /// <summary>A value read back from storage, which only ever holds canonical values.</summary>
    internal static SecretValue FromStored(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        return new SecretValue(document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList());
    }

    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (key, text) in Entries)
            {
                writer.WriteString(key, text);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The entries as a dictionary for answers; its enumeration keeps the order they were given in.</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var map = new Dictionary<string, string>(Entries.Count, StringComparer.Ordinal);
        foreach (var (key, text) in Entries)
        {
            map.Add(key, text);
        }

        return map;
    }

    /// <summary>Never the values: an accidental log line or interpolation shows only the key names.</summary>
    public override string ToString() => $"SecretValue({string.Join(", ", Keys)})";
}
