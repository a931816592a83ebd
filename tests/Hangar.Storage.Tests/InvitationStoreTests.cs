using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Invitations;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Pending organization invitations in storage; run on SQLite and on PostgreSQL by the classes below.</summary>
public abstract class InvitationStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Add_RefusesASecondPendingInvitation_ForTheSameUserAndOrganization()
    {
        var (org, owner, _) = await Seed.TenantAsync(fixture);
        var guest = await NewUserAsync();
        await using var scope = fixture.Scope();
        var store = scope.ServiceProvider.GetRequiredService<IInvitationStore>();
        var first = New(org.Id, guest.Id, owner);
        await store.AddAsync(first, _ct);
        var ex = await Assert.ThrowsAsync<HangarException>(() => store.AddAsync(New(org.Id, guest.Id, owner), _ct));
        Assert.Equal("already_invited", ex.Code);

        var found = await store.FindAsync(first.Id, _ct);
        Assert.Equal((org.Name, guest.Username, OrganizationRole.Member), (found!.Organization!.Name, found.User!.Username, found.Role));
        Assert.Equal(first.Id, (await store.FindForAsync(org.Id, guest.Id, _ct))!.Id);
    }

    [Fact]
    public async Task Lists_ShowOnlyUnexpiredInvitations_OfTheirUserOrOrganization_InIdOrder()
    {
        var (org, owner, _) = await Seed.TenantAsync(fixture);
        var (otherOrg, otherOwner, _) = await Seed.TenantAsync(fixture);
        var guest = await NewUserAsync();
        var now = DateTimeOffset.UtcNow;
        var live = New(org.Id, guest.Id, owner, now.AddDays(1));
        var stale = New(otherOrg.Id, guest.Id, otherOwner, now.AddMinutes(-1));
        var someoneElse = New(org.Id, (await NewUserAsync()).Id, owner, now.AddDays(1));
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IInvitationStore>();
            foreach (var invitation in new[] { live, stale, someoneElse })
            {
                await store.AddAsync(invitation, _ct);
            }
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IInvitationStore>();
            Assert.Equal([live.Id], (await store.ListForUserAsync(guest.Id, now, PageRequest.First(), _ct)).Items.Select(i => i.Id));
            Assert.Equal(1, await store.CountForUserAsync(guest.Id, now, _ct));
            var forOrg = await store.ListForOrganizationAsync(org.Id, now, new PageRequest(null, 1), _ct);
            Assert.Equal([live.Id], forOrg.Items.Select(i => i.Id));
            Assert.True(forOrg.HasMore);
            var rest = await store.ListForOrganizationAsync(org.Id, now, new PageRequest(forOrg.NextAfter(i => i.Id), 1), _ct);
            Assert.Equal([someoneElse.Id], rest.Items.Select(i => i.Id));
            Assert.Equal(2, await store.CountForOrganizationAsync(org.Id, now, _ct));
            Assert.Empty((await store.ListForOrganizationAsync(otherOrg.Id, now, PageRequest.First(), _ct)).Items);

            Assert.True(await store.DeleteExpiredAsync(now, _ct) >= 1);
            Assert.Null(await store.FindAsync(stale.Id, _ct));
            Assert.NotNull(await store.FindAsync(live.Id, _ct));
        }
    }

    [Fact]
    public async Task Accept_MakesTheMember_AndRemovesTheInvitation_OnlyOnce()
    {
        var (org, owner, _) = await Seed.TenantAsync(fixture);
        var guest = await NewUserAsync();
        var invitation = New(org.Id, guest.Id, owner, role: OrganizationRole.Owner);
        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IInvitationStore>().AddAsync(invitation, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IInvitationStore>();
            Assert.True(await store.AcceptAsync(invitation, DateTimeOffset.UtcNow, _ct));
            Assert.False(await store.AcceptAsync(invitation, DateTimeOffset.UtcNow, _ct));
            Assert.False(await store.DeleteAsync(invitation, _ct));
        }

        await using (var scope = fixture.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
            Assert.Equal(OrganizationRole.Owner, (await accounts.FindOrganizationMemberAsync(org.Id, guest.Id, _ct))!.Role);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IInvitationStore>().FindAsync(invitation.Id, _ct));
        }
    }

    [Fact]
    public async Task Accept_OfAUserWhoJoinedMeanwhile_KeepsTheirRole()
    {
        var (org, owner, _) = await Seed.TenantAsync(fixture);
        var guest = await NewUserAsync();
        var invitation = New(org.Id, guest.Id, owner, role: OrganizationRole.Owner);
        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IInvitationStore>().AddAsync(invitation, _ct);
            await scope.ServiceProvider.GetRequiredService<IAccountStore>().UpsertOrganizationMemberAsync(
                new OrganizationMember { OrganizationId = org.Id, UserId = guest.Id, Role = OrganizationRole.Member, CreatedAt = DateTimeOffset.UtcNow }, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IInvitationStore>().AcceptAsync(invitation, DateTimeOffset.UtcNow, _ct));
            var member = await scope.ServiceProvider.GetRequiredService<IAccountStore>().FindOrganizationMemberAsync(org.Id, guest.Id, _ct);
            Assert.Equal(OrganizationRole.Member, member!.Role);
        }
    }

    [Fact]
    public async Task InstanceAdminFlag_RoundTrips_AndListingEveryUserIncludesUsersOfNoOwnedOrganization()
    {
        var (_, owner, _) = await Seed.TenantAsync(fixture);
        await using (var scope = fixture.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
            var loaded = await accounts.FindUserAsync(owner.Id, _ct);
            loaded!.IsInstanceAdmin = true;
            await accounts.SaveUserAsync(loaded, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<IAccountStore>();
            Assert.True((await accounts.FindUserAsync(owner.Id, _ct))!.IsInstanceAdmin);
            var seen = new List<string>();
            string? after = null;
            do
            {
                var page = await accounts.ListUsersAsync(null, new PageRequest(after, 100), _ct);
                seen.AddRange(page.Items.Select(u => u.Id));
                after = page.NextAfter(u => u.Id);
            }
            while (after is not null);

            Assert.Contains(owner.Id, seen);
            Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        }
    }

    private async Task<User> NewUserAsync()
    {
        var user = Seed.NewUser();
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        db.Users.Add(user);
        await db.SaveChangesAsync(_ct);
        return user;
    }

    private static OrganizationInvitation New(string organizationId, string userId, User inviter, DateTimeOffset? expiresAt = null,
        OrganizationRole role = OrganizationRole.Member) =>
        new()
        {
            Id = Ids.New(),
            OrganizationId = organizationId,
            UserId = userId,
            Role = role,
            InvitedById = inviter.Id,
            InvitedByName = inviter.Username,
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = expiresAt ?? DateTimeOffset.UtcNow.AddDays(14),
        };
}

public sealed class InvitationStoreTests_Sqlite(SqliteStorageFixture fixture) : InvitationStoreTests<SqliteStorageFixture>(fixture);

public sealed class InvitationStoreTests_Postgres(PostgresStorageFixture fixture) : InvitationStoreTests<PostgresStorageFixture>(fixture);
