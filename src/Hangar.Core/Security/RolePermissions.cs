using System.Collections.Frozen;
using Hangar.Core.Domain;

namespace Hangar.Core.Security;

/// <summary>What each workspace role may do, as a set of permissions, so that users and keys are checked alike.</summary>
public static class RolePermissions
{
    private static readonly FrozenSet<string> Admin = Permissions.AllNames.ToFrozenSet(StringComparer.Ordinal);

    // Developers build and run everything, but do not manage keys, members or workspace settings (a shorter retention
    // deletes runs) and do not read the audit log. Like every role they see the workspace's keys (names, permissions,
    // usage; never values) in the API tab, read-only.
    private static readonly FrozenSet<string> Developer = Permissions.AllNames
        .Where(p => p != Permissions.WriteApiKeys
                    && p != Permissions.WriteMembers
                    && p != Permissions.WriteWorkspaceSettings
                    && p != Permissions.ReadAuditLog)
        .ToFrozenSet(StringComparer.Ordinal);

    // Operators watch runs and queues, start and stop runs, handle work items and workers.
    private static readonly FrozenSet<string> Operator = Permissions.All
        .Where(p => p.IsRead && p.Name != Permissions.ReadSecretValues && p.Name != Permissions.ReadAuditLog)
        .Select(p => p.Name)
        .Concat([Permissions.TriggerProcesses, Permissions.WriteWorkItems, Permissions.WriteWorkers])
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Viewer = Permissions.All
        .Where(p => p.IsRead && p.Name is not (Permissions.ReadSecretValues or Permissions.ReadAuditLog))
        .Select(p => p.Name)
        .ToFrozenSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> For(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Admin => Admin,
        WorkspaceRole.Developer => Developer,
        WorkspaceRole.Operator => Operator,
        _ => Viewer,
    };
}
