namespace Hangar.Core.Errors;

/// <summary>Input checks shared by every service, so that every surface refuses bad names the same way.</summary>
public static class Validate
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;

    /// <summary>A display name: required, trimmed, at most <see cref="MaxNameLength"/> characters, no control characters.</summary>
    public static string Name(string? value, string field = "name", int maxLength = MaxNameLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw HangarException.Invalid("invalid_name", $"'{field}' is required and must not be empty.");
        }

        if (trimmed.Length > maxLength)
        {
            throw HangarException.Invalid("invalid_name", $"'{field}' must be at most {maxLength} characters.");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw HangarException.Invalid("invalid_name", $"'{field}' must not contain control characters.");
        }

        return trimmed;
    }

    /// <summary>A user name: 1–64 characters of letters, digits and <c>. _ - @</c>; returned lower-case.</summary>
    public static string Username(string? value)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > 64 || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
        {
            throw HangarException.Invalid(
                "invalid_username",
                "'username' must be 1 to 64 characters of letters, digits, '.', '_', '-' or '@'.");
        }

        return trimmed.ToLowerInvariant();
    }

    /// <summary>An id taken from a path or body: refuse anything that is not an id we could have issued.</summary>
    public static string Id(string? value, string what)
    {
        if (!Domain.Ids.IsWellFormed(value))
        {
            throw HangarException.NotFound(what);
        }

        return value!;
    }

    /// <summary>The longest IANA time zone id accepted (the longest real one has 32 characters).</summary>
    public const int MaxTimeZoneLength = 64;

    /// <summary>
    /// An IANA time zone id such as <c>Europe/Berlin</c> that this machine knows: 400 <c>invalid_timezone</c> otherwise
    /// (Windows names such as "W. Europe Standard Time" included, so that every node reads a stored zone the same way).
    /// </summary>
    public static (TimeZoneInfo Zone, string Id) TimeZone(string? value, string field)
    {
        var id = value?.Trim() ?? string.Empty;
        if (id.Length == 0 || id.Length > MaxTimeZoneLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
        {
            throw InvalidZone(id, field);
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId ? (zone, id) : throw InvalidZone(id, field);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw InvalidZone(id, field);
        }
    }

    private static HangarException InvalidZone(string id, string field) =>
        HangarException.Invalid("invalid_timezone",
            $"'{field}' must be an IANA time zone id such as 'UTC', 'Europe/Berlin' or 'America/New_York'{(id.Length is > 0 and <= 64 ? $"; '{id}' is not one" : "")}.");

    public static T Required<T>(T? value, string field)
        where T : class =>
        value ?? throw HangarException.Invalid("missing_field", $"'{field}' is required.");
}
