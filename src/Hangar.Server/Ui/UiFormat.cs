using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hangar.Server.Ui;

/// <summary>How pages write times, sizes and durations: one format everywhere, in UTC, readable and sortable.</summary>
public static class UiFormat
{
    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>The machine-readable value for a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Iso(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "";

    /// <summary>
    /// An expiry picked as a day in a date field: the end of that day in UTC (the start of the next), or null for none.
    /// </summary>
    public static DateTimeOffset? EndOfDayUtc(DateTime? day) =>
        day is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date.AddDays(1), DateTimeKind.Utc)) : null;

    /// <summary>A count with thousands separators: 1,234,567.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB"),
    };

    public static string Duration(TimeSpan? value) => value switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalMilliseconds:0} ms"),
        { TotalMinutes: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.#} s"),
        { TotalHours: < 1 } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes} min {d.Seconds} s"),
        { } d => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours} h {d.Minutes} min"),
    };

    /// <summary>JSON text indented for reading, cut at <paramref name="maxChars"/>; text that does not parse is shown as it is.</summary>
    public static string PrettyJson(string? json, int maxChars = 20_000)
    {
        if (json is null)
        {
            return "null";
        }

        string pretty;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                document.WriteTo(writer);
            }

            pretty = Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            pretty = json;
        }

        return pretty.Length > maxChars ? pretty[..maxChars] + "\n… (cut here; the API returns the whole payload)" : pretty;
    }
}
