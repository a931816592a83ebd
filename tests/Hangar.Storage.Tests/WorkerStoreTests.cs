using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Workers, groups and link tokens in storage, on SQLite and PostgreSQL.</summary>
public abstract class WorkerStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Memberships_AreIdempotent_AndGoWithTheirGroup()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var now = DateTimeOffset.UtcNow;
        var worker = new Worker { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "w", CredentialHash = Seed.Unique("hash"), CreatedAt = now };
        var group = new WorkerGroup { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "g", CreatedAt = now };
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IWorkerStore>();
            await store.AddGroupAsync(group, _ct);
            await store.AddWorkerAsync(worker, [], _ct);
            var member = new WorkerGroupMember { WorkerGroupId = group.Id, WorkerId = worker.Id, WorkspaceId = workspace.Id };
            await store.AddMemberAsync(member, _ct);
            await store.AddMemberAsync(new WorkerGroupMember { WorkerGroupId = group.Id, WorkerId = worker.Id, WorkspaceId = workspace.Id }, _ct);
            Assert.Equal(group.Id, Assert.Single(await store.GroupsOfWorkerAsync(worker.Id, _ct)).Id);
            Assert.Equal(worker.Id, (await store.FindWorkerByCredentialHashAsync(worker.CredentialHash, _ct))?.Id);
            Assert.Empty(await store.BusyWorkersAsync([worker.Id], _ct));
            await store.TouchWorkerAsync(worker.Id, now, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IWorkerStore>();
            Assert.NotNull((await store.FindWorkerAsync(workspace.Id, worker.Id, _ct))?.LastSeenAt);
            await store.DeleteGroupAsync((await store.FindGroupAsync(workspace.Id, group.Id, _ct))!, _ct);
            Assert.Empty(await store.GroupsOfWorkerAsync(worker.Id, _ct));
            Assert.Empty((await store.ListGroupsAsync(workspace.Id, PageRequest.First(), _ct)).Items);
        }
    }

    [Fact]
    public async Task GroupMembers_AndGroupsOfAPageOfWorkers_AreListed()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var now = DateTimeOffset.UtcNow;
        Worker NewWorker(string name) => new() { Id = Ids.New(), WorkspaceId = workspace.Id, Name = name, CredentialHash = Seed.Unique("hash"), CreatedAt = now };
        var (a, b, c) = (NewWorker("a"), NewWorker("b"), NewWorker("c"));
        var group = new WorkerGroup { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "g", CreatedAt = now };
        var other = new WorkerGroup { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "h", CreatedAt = now };
        await using var scope = fixture.Scope();
        var store = scope.ServiceProvider.GetRequiredService<IWorkerStore>();
        await store.AddGroupAsync(group, _ct);
        await store.AddGroupAsync(other, _ct);
        await store.AddWorkerAsync(a, [new WorkerGroupMember { WorkerGroupId = group.Id, WorkerId = a.Id, WorkspaceId = workspace.Id }], _ct);
        await store.AddWorkerAsync(b, [
            new WorkerGroupMember { WorkerGroupId = group.Id, WorkerId = b.Id, WorkspaceId = workspace.Id },
            new WorkerGroupMember { WorkerGroupId = other.Id, WorkerId = b.Id, WorkspaceId = workspace.Id },
        ], _ct);
        await store.AddWorkerAsync(c, [], _ct);

        var first = await store.ListGroupMembersAsync(workspace.Id, group.Id, new PageRequest(null, 1), _ct);
        Assert.True(first.HasMore);
        var rest = await store.ListGroupMembersAsync(workspace.Id, group.Id, new PageRequest(first.NextAfter(w => w.Id), 1), _ct);
        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), first.Items.Concat(rest.Items).Select(w => w.Id));
        Assert.Empty((await store.ListGroupMembersAsync(Ids.New(), group.Id, PageRequest.First(), _ct)).Items);

        var groups = await store.GroupsOfWorkersAsync([a.Id, b.Id, c.Id], _ct);
        Assert.Equal([group.Id], groups[a.Id].Select(g => g.Id));
        Assert.Equal(new[] { group.Id, other.Id }.Order(StringComparer.Ordinal), groups[b.Id].Select(g => g.Id));
        Assert.False(groups.ContainsKey(c.Id));
    }

    [Fact]
    public async Task SingleUseLinkToken_IsUsedOnce()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var token = new LinkToken { Id = Ids.New(), WorkspaceId = workspace.Id, TokenHash = Seed.Unique("token"), CreatedAt = DateTimeOffset.UtcNow };
        await using var scope = fixture.Scope();
        var store = scope.ServiceProvider.GetRequiredService<IWorkerStore>();
        await store.AddLinkTokenAsync(token, _ct);
        Assert.Equal(token.Id, (await store.FindLinkTokenByHashAsync(token.TokenHash, _ct))?.Id);
        var uses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var own = fixture.Scope();
            return await own.ServiceProvider.GetRequiredService<IWorkerStore>().UseLinkTokenAsync(token.Id, DateTimeOffset.UtcNow, _ct);
        }));
        Assert.Single(uses, u => u);
    }
}

public sealed class WorkerStoreTests_Sqlite(SqliteStorageFixture fixture) : WorkerStoreTests<SqliteStorageFixture>(fixture);

public sealed class WorkerStoreTests_Postgres(PostgresStorageFixture fixture) : WorkerStoreTests<PostgresStorageFixture>(fixture);
