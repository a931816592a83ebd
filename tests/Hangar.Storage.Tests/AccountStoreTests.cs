using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Users, organizations and sessions in storage; run on SQLite and on PostgreSQL by the classes below.</summary>
public abstract class AccountStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Bootstrap_CreatesDefaultOrganizationWorkspaceAndAdmin_OnlyOnce()
    {
        // Bootstrap acts only on a database without organizations: give it one of its own.
        var fresh = new TFixture();
        await fresh.InitializeAsync();
        try
        {
            await using var scope = fresh.Scope();
            var bootstrapper = scope.ServiceProvider.GetRequiredService<Bootstrapper>();
            var first = await bootstrapper.EnsureAsync(null, _ct);
            Assert.NotNull(first);
            Assert.Equal(("Default", "Default", "admin"), (first.Organization.Name, first.Workspace.Name, first.Admin.Username));
            Assert.True(PasswordHashing.Verify(first.Admin.PasswordHash, first.GeneratedPassword!));

            Assert.Null(await bootstrapper.EnsureAsync("another-password-123", _ct));
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            Assert.Equal(1, await db.Users.CountAsync(_ct));
            Assert.Equal(WorkspaceRole.Admin, (await db.WorkspaceMembers.SingleAsync(_ct)).Role);
            Assert.Equal(OrganizationRole.Owner, (await db.OrganizationMembers.SingleAsync(_ct)).Role);
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddUser_RefusesATakenUsername_AndWritesNothing()
    {
        var (org, owner, _) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
        var twin = Seed.NewUser(owner.Username);
        var ex = await Assert.ThrowsAsync<HangarException>(() => accounts.AddUserAsync(twin,
            new OrganizationMember { OrganizationId = org.Id, UserId = twin.Id, CreatedAt = DateTimeOffset.UtcNow }, _ct));
        Assert.Equal("username_taken", ex.Code);
        Assert.Null(await accounts.FindUserAsync(twin.Id, _ct));
        Assert.Null(await accounts.FindOrganizationMemberAsync(org.Id, twin.Id, _ct));
    }

    [Fact]
    public async Task ListUsers_PagesThroughEveryUserOfTheOrganizations_InIdOrder()
    {
        var (org, owner, _) = await Seed.TenantAsync(fixture);
        var added = new List<string> { owner.Id };
        await using (var scope = fixture.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
            for (var i = 0; i < 4; i++)
            {
                var user = Seed.NewUser();
                await accounts.AddUserAsync(user, new OrganizationMember { OrganizationId = org.Id, UserId = user.Id }, _ct);
                added.Add(user.Id);
            }
        }

        var seen = new List<string>();
        string? after = null;
        do
        {
            await using var scope = fixture.Scope();
            var page = await scope.ServiceProvider.GetRequiredService<IAccountStore>().ListUsersAsync([org.Id], new PageRequest(after, 2), _ct);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(u => u.Id));
            after = page.NextAfter(u => u.Id);
        }
        while (after is not null);

        Assert.Equal(added.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task WorkspaceName_IsUniqueWithinItsOrganization()
    {
        var (org, owner, existing) = await Seed.TenantAsync(fixture);
        var (otherOrg, otherOwner, _) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var workspaces = scope.ServiceProvider.GetRequiredService<IWorkspaceStore>();
        var twin = new Workspace { Id = Ids.New(), OrganizationId = org.Id, Name = existing.Name, CreatedAt = DateTimeOffset.UtcNow };
        var ex = await Assert.ThrowsAsync<HangarException>(() =>
            workspaces.AddAsync(twin, new WorkspaceMember { WorkspaceId = twin.Id, UserId = owner.Id, Role = WorkspaceRole.Admin }, _ct));
        Assert.Equal("name_taken", ex.Code);
        Assert.Null(await workspaces.FindAsync(twin.Id, _ct));

        var elsewhere = new Workspace { Id = Ids.New(), OrganizationId = otherOrg.Id, Name = existing.Name, CreatedAt = DateTimeOffset.UtcNow };
        await workspaces.AddAsync(elsewhere, new WorkspaceMember { WorkspaceId = elsewhere.Id, UserId = otherOwner.Id, Role = WorkspaceRole.Admin }, _ct);
        Assert.Equal(otherOrg.Id, (await workspaces.FindAsync(elsewhere.Id, _ct))!.Organization!.Id);
    }

    [Fact]
    public async Task DeleteWorkspace_RemovesItsMembers()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        await using (var scope = fixture.Scope())
        {
            var workspaces = scope.ServiceProvider.GetRequiredService<IWorkspaceStore>();
            await workspaces.DeleteAsync((await workspaces.FindAsync(workspace.Id, _ct))!, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var workspaces = scope.ServiceProvider.GetRequiredService<IWorkspaceStore>();
            Assert.Null(await workspaces.FindAsync(workspace.Id, _ct));
            Assert.Null(await workspaces.FindMemberAsync(workspace.Id, owner.Id, _ct));
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<IAccountStore>().FindUserAsync(owner.Id, _ct));
        }
    }

    [Fact]
    public async Task DeleteWorkspace_WithAProcessUsingATaskPackage_RemovesBoth()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var now = DateTimeOffset.UtcNow;
        var package = new TaskPackage { Id = Ids.New(), WorkspaceId = workspace.Id, Name = Seed.Unique("robot"), CreatedAt = now, UpdatedAt = now };
        var process = new Process { Id = Ids.New(), WorkspaceId = workspace.Id, Name = Seed.Unique("process"), CreatedAt = now, UpdatedAt = now };
        process.Steps.Add(new ProcessStep
        {
            Id = Ids.New(), ProcessId = process.Id, WorkspaceId = workspace.Id, Name = "Step", TaskPackageId = package.Id, Task = "Main",
        });
        await using (var scope = fixture.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            db.TaskPackages.Add(package);
            db.Processes.Add(process);
            await db.SaveChangesAsync(_ct);
        }

        await using (var scope = fixture.Scope())
        {
            var workspaces = scope.ServiceProvider.GetRequiredService<IWorkspaceStore>();
            await workspaces.DeleteAsync((await workspaces.FindAsync(workspace.Id, _ct))!, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IWorkspaceStore>().FindAsync(workspace.Id, _ct));
            Assert.False(await db.Processes.AnyAsync(p => p.WorkspaceId == workspace.Id, _ct));
            Assert.False(await db.TaskPackages.AnyAsync(p => p.WorkspaceId == workspace.Id, _ct));
        }
    }

    [Fact]
    public async Task Sessions_AreFoundByTokenHash_AndExpiredOnesAreDeleted()
    {
        var (_, owner, _) = await Seed.TenantAsync(fixture);
        var now = DateTimeOffset.UtcNow;
        var live = new UserSession { Id = Ids.New(), TokenHash = SecretHashing.Sha256Hex(Ids.New()), UserId = owner.Id, CreatedAt = now, ExpiresAt = now.AddHours(1) };
        var stale = new UserSession { Id = Ids.New(), TokenHash = SecretHashing.Sha256Hex(Ids.New()), UserId = owner.Id, CreatedAt = now.AddDays(-2), ExpiresAt = now.AddDays(-1) };
        await using var scope = fixture.Scope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionStore>();
        await sessions.AddAsync(live, _ct);
        await sessions.AddAsync(stale, _ct);

        var found = await sessions.FindAsync(live.TokenHash, _ct);
        Assert.Equal(owner.Id, found!.Value.User.Id);
        Assert.Equal(live.TokenHash, (await sessions.FindByIdAsync(live.Id, _ct))!.TokenHash);
        Assert.True(await sessions.DeleteExpiredAsync(now, _ct) >= 1);
        Assert.Null(await sessions.FindByIdAsync(stale.Id, _ct));
        Assert.Null(await sessions.FindAsync(stale.TokenHash, _ct));
        Assert.NotNull(await sessions.FindAsync(live.TokenHash, _ct));
    }

    [Fact]
    public async Task Timestamps_RoundTripToTheMicrosecond_InUtc()
    {
        var (org, _, _) = await Seed.TenantAsync(fixture);
        var when = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560);
        var user = Seed.NewUser();
        user = new User { Id = user.Id, Username = user.Username, PasswordHash = "h", CreatedAt = when, UpdatedAt = when };
        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccountStore>().AddUserAsync(user,
                new OrganizationMember { OrganizationId = org.Id, UserId = user.Id, CreatedAt = when }, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<IAccountStore>().FindUserAsync(user.Id, _ct);
            Assert.Equal(when, loaded!.CreatedAt);
            Assert.Equal(TimeSpan.Zero, loaded.CreatedAt.Offset);
        }
    }

    [Fact]
    public async Task AuditEvents_ListNewestFirst_OnlyForTheirWorkspace()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var (_, _, other) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var actor = new Caller { Kind = CallerKind.User, Id = owner.Id, Name = owner.Username, UserId = owner.Id, ClientAddress = "127.0.0.1" };
        foreach (var action in new[] { "first", "second", "third" })
        {
            await audit.RecordAsync(actor, action, new AuditTarget("workspace", workspace.Id, workspace.Name, workspace.Id), _ct);
        }

        await audit.RecordAsync(actor, "elsewhere", new AuditTarget("workspace", other.Id, other.Name, other.Id), _ct);
        var page = await audit.ListAsync(workspace.Id, new PageRequest(null, 2), _ct);
        Assert.True(page.Items.Select(e => e.Action).SequenceEqual(["third", "second"]), string.Join(" ", page.Items.Select(e => $"{e.Action}:{e.Id}:{e.CreatedAt:O}")));
        Assert.True(page.HasMore);
        var rest = await audit.ListAsync(workspace.Id, new PageRequest(page.NextAfter(e => e.Id), 2), _ct);
        Assert.Equal(["first"], rest.Items.Select(e => e.Action));
        Assert.False(rest.HasMore);

        var second = await audit.ListAsync(workspace.Id, "second", PageRequest.First(), _ct);
        Assert.Equal(["second"], second.Items.Select(e => e.Action));
        Assert.Empty((await audit.ListAsync(workspace.Id, "elsewhere", PageRequest.First(), _ct)).Items);
        Assert.Equal(3, (await audit.ListAsync(workspace.Id, " ", PageRequest.First(), _ct)).Items.Count);
    }
}

public sealed class AccountStoreTests_Sqlite(SqliteStorageFixture fixture) : AccountStoreTests<SqliteStorageFixture>(fixture);

public sealed class AccountStoreTests_Postgres(PostgresStorageFixture fixture) : AccountStoreTests<PostgresStorageFixture>(fixture);
