namespace Hangar.Core.EmailTriggers;

/// <summary>
/// Names for the files of an email's work item. Attachment names come from senders, so each is made a plain file
/// name a work item accepts (no folders, no control characters, at most 255 characters), and names that repeat, or
/// that would take the place of <see cref="HtmlBody"/> or <see cref="RawMessage"/>, get a " (2)"-style suffix.
/// </summary>
internal sealed class EmailFileNames
{
    /// <summary>The HTML body, where <c>robocorp-workitems</c>' <c>email()</c> reads it from.</summary>
    public const string HtmlBody = "__mail.html";

    /// <summary>The message as received (Robocorp attaches it under this name too).</summary>
    public const string RawMessage = "__raw_mail";

    private const int MaxLength = 255;
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal) { HtmlBody, RawMessage };

    /// <summary>A free name for an attachment that the sender called <paramref name="proposed"/> (or nothing).</summary>
    public string Take(string? proposed, string fallback)
    {
        var name = Clean(proposed) ?? fallback;
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        if (extension.Length > 20)
        {
            (stem, extension) = (name, string.Empty);
        }

        for (var n = 1; ; n++)
        {
            var suffix = n == 1 ? string.Empty : $" ({n})";
            var room = MaxLength - suffix.Length - extension.Length;
            var candidate = (stem.Length > room ? stem[..room] : stem) + suffix + extension;
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private static string? Clean(string? proposed)
    {
        if (string.IsNullOrWhiteSpace(proposed))
        {
            return null;
        }

        // Only the last segment of a path: a name like "../../x" or "C:\x" must not look like a folder.
        var name = proposed[(proposed.LastIndexOfAny(['/', '\\']) + 1)..];
        name = new string(name.Select(c => char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return name is "" or "." or ".." ? null : name;
    }
}
