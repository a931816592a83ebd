using System.Collections.Frozen;
using Hangar.Core.Errors;

namespace Hangar.Core.Security;

/// <summary>
/// The catalog of permissions. Robocorp's v1 scopes keep their names so that keys and docs carry over;
/// Hangar adds its own groups for what Robocorp's list leaves out (processes as objects, vault, API keys,
/// members, audit log).
/// </summary>
public static class Permissions
{
    public const string ReadWorkers = "Workers.read_workers";
    public const string WriteWorkers = "Workers.write_workers";
    public const string ReadProcesses = "Processes.read_processes";
    public const string WriteProcesses = "Processes.write_processes";
    public const string ReadRuns = "Processes.read_runs";
    public const string TriggerProcesses = "Processes.trigger_processes";
    public const string ReadWorkItems = "Processes.read_work_items";
    public const string WriteWorkItems = "Processes.write_work_items";
    public const string ReadRunOutputs = "Processes.read_run_outputs";
    public const string ReadTaskPackages = "Tasks.read_task_packages";
    public const string WriteTaskPackages = "Tasks.write_task_packages";
    public const string ReadAssets = "Assets.read_asset_storage_assets";
    public const string WriteAssets = "Assets.write_asset_storage_assets";
    public const string ReadWebhooks = "Webhooks.read_webhooks";
    public const string WriteWebhooks = "Webhooks.write_webhooks";
    public const string ReadSecrets = "Vault.read_secrets";
    public const string ReadSecretValues = "Vault.read_secret_values";
    public const string WriteSecrets = "Vault.write_secrets";
    public const string ReadApiKeys = "ApiKeys.read_api_keys";
    public const string WriteApiKeys = "ApiKeys.write_api_keys";
    public const string ReadMembers = "Members.read_members";
    public const string WriteMembers = "Members.write_members";
    public const string ReadAuditLog = "Audit.read_audit_events";
    public const string WriteWorkspaceSettings = "Workspace.write_settings";

    private static readonly PermissionInfo[] Catalog =
    [
        new(ReadWorkers, "Workers", "List and view workers, worker groups and link tokens.", []),
        new(WriteWorkers, "Workers",
            "Rename, regroup and remove workers and groups. Creating or changing link tokens also needs Vault.read_secret_values "
            + "(a linked worker reads secret values through its runs); for people, workspace admin.", []),
        new(ReadProcesses, "Processes", "List and view processes, their steps and their schedules.", []),
        new(WriteProcesses, "Processes", "Create, change and delete processes, their schedules (setting a schedule also needs Processes.trigger_processes) and their process API secrets.", []),
        new(ReadRuns, "Processes", "List and view process runs and step runs, their console and events.", ["read_runs"]),
        new(TriggerProcesses, "Processes", "Start and stop process runs.", ["trigger_processes"]),
        new(ReadWorkItems, "Processes", "List and view work items and their payloads.", []),
        new(WriteWorkItems, "Processes", "Create, edit, retry, delete and mark work items as done.", []),
        new(ReadRunOutputs, "Processes", "Read run outputs and download artifacts.", ["read_run_outputs"]),
        new(ReadTaskPackages, "Tasks", "List, view and download task packages (robots).", ["read_robots"]),
        new(WriteTaskPackages, "Tasks", "Create, upload and delete task packages (robots).", ["write_robots"]),
        new(ReadAssets, "Assets", "List, view and download assets.", []),
        new(WriteAssets, "Assets", "Create, upload and delete assets.", []),
        new(ReadWebhooks, "Webhooks", "List and view webhooks and their deliveries.", []),
        new(WriteWebhooks, "Webhooks", "Create, change and delete webhooks, send test events and resend deliveries.", []),
        new(ReadSecrets, "Vault", "List vault secrets by name, without their values.", []),
        new(ReadSecretValues, "Vault", "Read the values of vault secrets. With Workers.write_workers, also create link tokens (linking a worker is reading the vault).", []),
        new(WriteSecrets, "Vault", "Create, change and delete vault secrets.", []),
        new(ReadApiKeys, "API keys", "List and view this workspace's API keys, never their values.", []),
        new(WriteApiKeys, "API keys", "Create, edit and delete this workspace's API keys.", []),
        new(ReadMembers, "Members", "List the workspace's members and their roles.", []),
        new(WriteMembers, "Members", "Add and remove workspace members and change their roles.", []),
        new(ReadAuditLog, "Audit", "Read the workspace's audit log.", []),
        new(WriteWorkspaceSettings, "Workspace",
            "Change the workspace's settings, such as how long finished runs are kept (a shorter time deletes older runs).", []),
    ];

    private static readonly FrozenDictionary<string, PermissionInfo> ByNameOrAlias = Catalog
        .SelectMany(p => p.Aliases.Append(p.Name).Select(n => KeyValuePair.Create(n, p)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlyList<PermissionInfo> All => Catalog;

    public static IReadOnlySet<string> AllNames { get; } = Catalog.Select(p => p.Name).ToFrozenSet(StringComparer.Ordinal);

    public static bool TryGet(string name, out PermissionInfo info) => ByNameOrAlias.TryGetValue(name, out info!);

    /// <summary>
    /// Turns names given by a caller into canonical names: aliases are resolved, order follows the catalog.
    /// Unknown names, an empty list and duplicates (also an alias beside its canonical name) are refused.
    /// </summary>
    public static IReadOnlyList<string> Canonicalize(IEnumerable<string?>? names)
    {
        var given = names?.ToList() ?? [];
        if (given.Count == 0)
        {
            throw HangarException.Invalid("invalid_permissions", "'permissions' must list at least one permission.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in given)
        {
            if (name is null || !ByNameOrAlias.TryGetValue(name, out var info))
            {
                throw HangarException.Invalid(
                    "unknown_permission",
                    $"'{name}' is not a permission. GET /api/v1/permissions lists them all.");
            }

            if (!seen.Add(info.Name))
            {
                throw HangarException.Invalid("duplicate_permission", $"'{name}' is listed more than once.");
            }
        }

        return Catalog.Where(p => seen.Contains(p.Name)).Select(p => p.Name).ToList();
    }
}
