using Microsoft.AspNetCore.Http;

namespace Hangar.Server.Ui.Pages.Workspaces.Vault;

/// <summary>
/// The key/value rows of the secret form: posted as repeated <c>Key</c> and <c>Value</c> fields, in order (empty
/// strings kept, so rows stay paired). Rows with neither key nor value are ignored; "More rows" adds blank ones.
/// </summary>
public sealed class SecretForm
{
    public const int BlankRows = 2;

    public List<(string Key, string Value)> Rows { get; } = [];

    /// <summary>Keys the secret has now (on the edit page): an empty value for one of them keeps its value.</summary>
    public IReadOnlySet<string> ExistingKeys { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public int Blank { get; set; } = BlankRows;

    public static SecretForm Read(IFormCollection form, IReadOnlySet<string>? existing = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = new SecretForm { ExistingKeys = existing ?? new HashSet<string>(StringComparer.Ordinal) };
        var keys = form["Key"];
        var values = form["Value"];
        for (var i = 0; i < Math.Min(keys.Count, values.Count); i++)
        {
            var key = keys[i]?.Trim() ?? string.Empty;
            var value = values[i] ?? string.Empty;
            if (key.Length > 0 || value.Length > 0)
            {
                result.Rows.Add((key, value));
            }
        }

        return result;
    }

    /// <summary>The pairs for a new secret: an empty value is an empty string.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> NewPairs() => Rows.Select(r => KeyValuePair.Create(r.Key, r.Value)).ToList();

    /// <summary>The pairs for an update: an empty value of a key the secret has keeps that key's value (null).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> UpdatePairs() =>
        Rows.Select(r => KeyValuePair.Create(r.Key, r.Value.Length == 0 && ExistingKeys.Contains(r.Key) ? null : (string?)r.Value)).ToList();
}
