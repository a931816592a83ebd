namespace Hangar.Core.Security;

/// <summary>One permission a workspace API key or role can hold.</summary>
/// <param name="Name">Canonical scope name, <c>Group.permission</c> as Robocorp's v1 API names it.</param>
/// <param name="Group">The group shown in the UI and in <c>GET /api/v1/permissions</c>.</param>
/// <param name="Description">One line on what it opens.</param>
/// <param name="Aliases">Older names accepted on input and shown as <paramref name="Name"/>.</param>
public sealed record PermissionInfo(string Name, string Group, string Description, IReadOnlyList<string> Aliases)
{
    /// <summary>Whether the permission only reads (granted to viewers).</summary>
    public bool IsRead => Name.Contains(".read_", StringComparison.Ordinal);
}
