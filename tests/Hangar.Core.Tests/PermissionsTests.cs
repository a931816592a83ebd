using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;

namespace Hangar.Core.Tests;

public class PermissionsTests
{
    [Fact]
    public void Canonicalize_ResolvesOlderNames_AndOrdersByCatalog()
    {
        var result = Permissions.Canonicalize(["trigger_processes", "read_robots", "Processes.read_runs"]);
        Assert.Equal([Permissions.ReadRuns, Permissions.TriggerProcesses, Permissions.ReadTaskPackages], result);
    }

    [Theory]
    [InlineData("Processes.nope", "unknown_permission")]
    [InlineData("processes.read_runs", "unknown_permission")]
    public void Canonicalize_RefusesUnknownNames(string name, string code)
    {
        var ex = Assert.Throws<HangarException>(() => Permissions.Canonicalize([name]));
        Assert.Equal(code, ex.Code);
    }

    [Fact]
    public void Canonicalize_RefusesAnAliasBesideItsCanonicalName()
    {
        var ex = Assert.Throws<HangarException>(() => Permissions.Canonicalize(["read_runs", Permissions.ReadRuns]));
        Assert.Equal("duplicate_permission", ex.Code);
    }

    [Fact]
    public void Canonicalize_RefusesAnEmptyList()
    {
        Assert.Equal("invalid_permissions", Assert.Throws<HangarException>(() => Permissions.Canonicalize([])).Code);
        Assert.Equal("invalid_permissions", Assert.Throws<HangarException>(() => Permissions.Canonicalize(null)).Code);
    }

    [Fact]
    public void Catalog_HasEveryRobocorpScope()
    {
        string[] robocorp =
        [
            "Workers.read_workers", "Workers.write_workers", "Processes.read_processes", "Processes.read_runs",
            "Processes.trigger_processes", "Processes.read_work_items", "Processes.write_work_items",
            "Processes.read_run_outputs", "Tasks.read_task_packages", "Tasks.write_task_packages",
            "Assets.read_asset_storage_assets", "Assets.write_asset_storage_assets", "Webhooks.read_webhooks",
            "Webhooks.write_webhooks",
        ];
        Assert.All(robocorp, name => Assert.Contains(name, Permissions.AllNames));
    }

    [Fact]
    public void Roles_AreNested_ViewerWithinOperatorWithinDeveloperWithinAdmin()
    {
        var viewer = RolePermissions.For(WorkspaceRole.Viewer);
        var op = RolePermissions.For(WorkspaceRole.Operator);
        var developer = RolePermissions.For(WorkspaceRole.Developer);
        var admin = RolePermissions.For(WorkspaceRole.Admin);
        Assert.Subset(new HashSet<string>(op), new HashSet<string>(viewer));
        Assert.Subset(new HashSet<string>(developer), new HashSet<string>(op));
        Assert.Subset(new HashSet<string>(admin), new HashSet<string>(developer));
        Assert.Equal(Permissions.AllNames.Count, admin.Count);
        Assert.DoesNotContain(Permissions.WriteApiKeys, developer);
        Assert.Contains(Permissions.ReadApiKeys, viewer);
        Assert.DoesNotContain(Permissions.TriggerProcesses, viewer);
        Assert.Contains(Permissions.TriggerProcesses, op);
        Assert.DoesNotContain(Permissions.ReadSecretValues, op);
    }
}
