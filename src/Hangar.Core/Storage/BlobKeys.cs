namespace Hangar.Core.Storage;

/// <summary>
/// Names of blobs. Every key is checked here, whatever the store, so that a key can never point outside the store's
/// folder or bucket prefix: segments of letters, digits, <c>. _ -</c>, none empty and none starting with a dot
/// (which also rules out <c>.</c> and <c>..</c>, and keeps dot-folders free for the stores' own use).
/// </summary>
public static class BlobKeys
{
    public const int MaxLength = 512;

    /// <summary>Where a task package version's zip is kept.</summary>
    public static string TaskPackageVersion(string workspaceId, string versionId) =>
        Checked($"ws/{workspaceId}/packages/{versionId}.zip");

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.'
                || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key itself when it is valid; otherwise a bug in the caller, never a client's mistake.</summary>
    public static string Checked(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"'{key}' is not a valid blob key.", nameof(key));
}
