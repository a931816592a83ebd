namespace Hangar.Core.Services;

/// <summary>What a caller may do in one workspace.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="Permissions">Canonical permission names the caller holds there.</param>
/// <param name="IsAdmin">A person with the admin role there (or an owner of its organization).</param>
public sealed record WorkspaceGrant(string WorkspaceId, IReadOnlySet<string> Permissions, bool IsAdmin)
{
    public bool Has(string permission) => Permissions.Contains(permission);
}
