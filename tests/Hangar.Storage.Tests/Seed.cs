using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Rows a test needs, written straight through the context, each with unique names.</summary>
internal static class Seed
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static User NewUser(string? username = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new User { Id = Ids.New(), Username = username ?? Unique("user"), PasswordHash = "hash", CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>An organization with one owner and one workspace whose admin is that owner.</summary>
    public static async Task<(Organization Org, User Owner, Workspace Workspace)> TenantAsync(StorageFixture fixture)
    {
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var now = DateTimeOffset.UtcNow;
        var org = new Organization { Id = Ids.New(), Name = Unique("org"), CreatedAt = now };
        var owner = NewUser();
        var workspace = new Workspace { Id = Ids.New(), OrganizationId = org.Id, Name = Unique("ws"), CreatedAt = now };
        db.Organizations.Add(org);
        db.Users.Add(owner);
        db.Workspaces.Add(workspace);
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = org.Id, UserId = owner.Id, Role = OrganizationRole.Owner, CreatedAt = now });
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = owner.Id, Role = WorkspaceRole.Admin, CreatedAt = now });
        await db.SaveChangesAsync();
        return (org, owner, workspace);
    }

    /// <summary>
    /// A process of <paramref name="steps"/> steps (one by default; each task "Main" of a package with one version) in
    /// <paramref name="inWorkspace"/>, or in a new tenant's workspace; made through <see cref="ProcessService"/> by the
    /// workspace's admin, whom it returns as a caller.
    /// </summary>
    public static async Task<(Workspace Workspace, Caller Admin, string ProcessId)> ProcessAsync(StorageFixture fixture, int maxParallel = 1,
        (Workspace Workspace, Caller Admin)? inWorkspace = null, int steps = 1)
    {
        var (workspace, admin) = inWorkspace ?? await AdminAsync(fixture);
        await using var scope = fixture.Scope();
        var packages = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
        var now = DateTimeOffset.UtcNow;
        var package = new TaskPackage { Id = Ids.New(), WorkspaceId = workspace.Id, Name = Unique("robot"), CreatedAt = now, UpdatedAt = now };
        await packages.AddAsync(package, CancellationToken.None);
        await packages.AddVersionAsync(package, new TaskPackageVersion
        {
            Id = Ids.New(), TaskPackageId = package.Id, WorkspaceId = workspace.Id, Number = 1, Sha256 = new string('a', 64), Size = 10,
            BlobKey = "k", RobotRoot = string.Empty, Tasks = ["Main"], UploadedByType = "user", UploadedAt = now,
        }, CancellationToken.None);
        var process = await scope.ServiceProvider.GetRequiredService<ProcessService>().CreateAsync(admin, workspace.Id, Unique("process"), null,
            [.. Enumerable.Range(0, steps).Select(i => new StepDefinition(i == 0 ? "Main" : $"Step {i + 1}", package.Id, null, "Main", null, null, maxParallel, null))],
            null, CancellationToken.None);
        return (workspace, admin, process.Id);
    }

    private static async Task<(Workspace Workspace, Caller Admin)> AdminAsync(StorageFixture fixture)
    {
        var (_, owner, workspace) = await TenantAsync(fixture);
        return (workspace, new Caller { Kind = CallerKind.User, Id = owner.Id, Name = owner.Username, UserId = owner.Id });
    }
}
