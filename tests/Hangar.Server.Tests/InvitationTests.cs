using System.Net;
using Hangar.Storage;
using Hangar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// Joining an organization by consent, over HTTP: owners invite, list and revoke; the invited user lists, accepts or
/// declines. Only acceptance makes a member, and it never hands the owner an account that also belongs elsewhere.
/// </summary>
public class InvitationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task AnAcceptedInvitation_MakesAMember_WhomTheOwnerStillDoesNotManage()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (org, owner) = await NewOwnerOfEmptyOrganizationAsync(admin);
        var (guestId, guest) = await Api.NewUserAsync(Server, admin);
        using (owner)
        using (guest)
        {
            var guestName = (await Api.GetAsync(guest, "/api/v1/users/me"))["username"]!.GetValue<string>();
            var invited = await Api.PostAsync(owner, $"/api/v1/organizations/{org}/invitations", new { username = guestName.ToUpperInvariant() });
            var invitationId = invited["id"]!.GetValue<string>();
            Assert.Equal(guestId, invited["user"]!["id"]!.GetValue<string>());
            Assert.Equal("member", invited["role"]!.GetValue<string>());
            Assert.True(invited["expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(13));
            Assert.Single((await Api.GetAsync(owner, $"/api/v1/organizations/{org}/invitations"))["data"]!.AsArray());

            // Invited is not joined: the guest does not see the organization yet, and is not listed as a member.
            await AssertRefusedAsync(guest.GetAsync($"/api/v1/organizations/{org}"), HttpStatusCode.NotFound, "not_found");
            Assert.Single((await Api.GetAsync(owner, $"/api/v1/organizations/{org}/members"))["data"]!.AsArray());

            var mine = (await Api.GetAsync(guest, "/api/v1/users/me/invitations"))["data"]!.AsArray();
            var shown = Assert.Single(mine)!;
            Assert.Equal(org, shown["organization"]!["id"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(shown["organization"]!["name"]!.GetValue<string>()));
            Assert.Equal("user", shown["invited_by"]!["type"]!.GetValue<string>());

            var joined = await Api.PostAsync(guest, $"/api/v1/users/me/invitations/{invitationId}/accept", new { });
            Assert.Equal(org, joined["id"]!.GetValue<string>());
            Assert.Equal("member", joined["role"]!.GetValue<string>());
            await Api.GetAsync(guest, $"/api/v1/organizations/{org}");
            Assert.Contains((await Api.GetAsync(guest, "/api/v1/users/me"))["organizations"]!.AsArray(), o => o!["id"]!.GetValue<string>() == org);
            Assert.Empty((await Api.GetAsync(guest, "/api/v1/users/me/invitations"))["data"]!.AsArray());
            Assert.Empty((await Api.GetAsync(owner, $"/api/v1/organizations/{org}/invitations"))["data"]!.AsArray());

            // The guest still belongs to Default, which the owner does not own: they see the account, but do not manage it.
            await Api.GetAsync(owner, $"/api/v1/users/{guestId}");
            await AssertRefusedAsync(owner.PutAsync($"/api/v1/users/{guestId}/password", Json.Body(new { new_password = "taken-over-by-owner-1" })),
                HttpStatusCode.Forbidden, "user_not_managed");
            await AssertRefusedAsync(guest.PostAsync($"/api/v1/users/me/invitations/{invitationId}/accept", Json.Body(new { })),
                HttpStatusCode.NotFound, "invitation_not_found");

            Assert.Equal(["organization.invitation_accepted", "organization.invitation_created"], await AuditActionsAsync(guestId, org));
        }
    }

    [Fact]
    public async Task AnAcceptedInvitation_OfAUserOfTheOwnersOrganizationsAlone_LeavesThemManaged()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (org, owner) = await NewOwnerOfEmptyOrganizationAsync(admin);
        using (owner)
        {
            var other = await Api.NewOrganizationAsync(owner);
            var (userId, username, user) = await Api.NewUserInAsync(Server, owner, other);
            using (user)
            {
                var invitation = await Api.PostAsync(owner, $"/api/v1/organizations/{org}/invitations", new { user = new { id = userId }, role = "owner" });
                var joined = await Api.PostAsync(user, $"/api/v1/users/me/invitations/{invitation["id"]}/accept", new { });
                Assert.Equal("owner", joined["role"]!.GetValue<string>());
            }

            // Both of the user's organizations are the owner's: the account is theirs to manage.
            using var reset = await owner.PutAsync($"/api/v1/users/{userId}/password", Json.Body(new { new_password = "reset-by-my-owner-7" }));
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
            using var signedIn = await Server.LoginAsync(username, "reset-by-my-owner-7");
        }
    }

    [Fact]
    public async Task ADeclinedInvitation_LeavesTheUserOutside()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (org, owner) = await NewOwnerOfEmptyOrganizationAsync(admin);
        var (guestId, guest) = await Api.NewUserAsync(Server, admin);
        using (owner)
        using (guest)
        {
            var invitationId = (await Api.PostAsync(owner, $"/api/v1/organizations/{org}/invitations", new { user = new { id = guestId } }))["id"]!.GetValue<string>();
            var declined = await Api.PostAsync(guest, $"/api/v1/users/me/invitations/{invitationId}/decline", new { });
            Assert.True(declined["deleted"]!.GetValue<bool>());

            Assert.Empty((await Api.GetAsync(guest, "/api/v1/users/me/invitations"))["data"]!.AsArray());
            Assert.Empty((await Api.GetAsync(owner, $"/api/v1/organizations/{org}/invitations"))["data"]!.AsArray());
            await AssertRefusedAsync(guest.PostAsync($"/api/v1/users/me/invitations/{invitationId}/accept", Json.Body(new { })),
                HttpStatusCode.NotFound, "invitation_not_found");
            await AssertRefusedAsync(guest.GetAsync($"/api/v1/organizations/{org}"), HttpStatusCode.NotFound, "not_found");
            Assert.Equal(["organization.invitation_created", "organization.invitation_declined"], await AuditActionsAsync(guestId, org));
        }
    }

    [Fact]
    public async Task ARevokedInvitation_CanNoLongerBeAccepted()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (org, owner) = await NewOwnerOfEmptyOrganizationAsync(admin);
        var (guestId, guest) = await Api.NewUserAsync(Server, admin);
        using (owner)
        using (guest)
        {
            var invitationId = (await Api.PostAsync(owner, $"/api/v1/organizations/{org}/invitations", new { user = new { id = guestId } }))["id"]!.GetValue<string>();
            Assert.True((await Api.DeleteJsonAsync(owner, $"/api/v1/organizations/{org}/invitations/{invitationId}"))["deleted"]!.GetValue<bool>());

            Assert.Empty((await Api.GetAsync(guest, "/api/v1/users/me/invitations"))["data"]!.AsArray());
            await AssertRefusedAsync(guest.PostAsync($"/api/v1/users/me/invitations/{invitationId}/accept", Json.Body(new { })),
                HttpStatusCode.NotFound, "invitation_not_found");
            await AssertRefusedAsync(guest.GetAsync($"/api/v1/organizations/{org}"), HttpStatusCode.NotFound, "not_found");
            await AssertRefusedAsync(Api.DeleteAsync(owner, $"/api/v1/organizations/{org}/invitations/{invitationId}"), HttpStatusCode.NotFound, "invitation_not_found");
            Assert.Equal(["organization.invitation_created", "organization.invitation_revoked"], await AuditActionsAsync(guestId, org));

            // Revoked, the user can be invited again.
            await Api.PostAsync(owner, $"/api/v1/organizations/{org}/invitations", new { user = new { id = guestId } });
        }
    }

    [Fact]
    public async Task Invitations_AreForOwners_AndOnlyTheInvitedUserAnswersThem()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (org, owner) = await NewOwnerOfEmptyOrganizationAsync(admin);
        var (guestId, guest) = await Api.NewUserAsync(Server, admin);
        var (_, stranger) = await Api.NewUserAsync(Server, admin);
        using (owner)
        using (guest)
        using (stranger)
        {
            var ownerId = await Api.MyIdAsync(owner);
            var path = $"/api/v1/organizations/{org}/invitations";
            await AssertRefusedAsync(stranger.PostAsync(path, Json.Body(new { user = new { id = guestId } })), HttpStatusCode.NotFound, "not_found");
            await AssertRefusedAsync(owner.PostAsync(path, Json.Body(new { username = "nobody-by-that-name" })), HttpStatusCode.NotFound, "not_found");
            await AssertRefusedAsync(owner.PostAsync(path, Json.Body(new { })), HttpStatusCode.BadRequest, "missing_field");
            await AssertRefusedAsync(owner.PostAsync(path, Json.Body(new { user = new { id = ownerId } })), HttpStatusCode.Conflict, "already_member");
            await AssertRefusedAsync(owner.PostAsync(path, Json.Body(new { user = new { id = guestId }, role = "king" })), HttpStatusCode.BadRequest, "invalid_role");

            var invitationId = (await Api.PostAsync(owner, path, new { user = new { id = guestId } }))["id"]!.GetValue<string>();
            await AssertRefusedAsync(owner.PostAsync(path, Json.Body(new { user = new { id = guestId } })), HttpStatusCode.Conflict, "already_invited");
            await AssertRefusedAsync(stranger.PostAsync($"/api/v1/users/me/invitations/{invitationId}/accept", Json.Body(new { })),
                HttpStatusCode.NotFound, "invitation_not_found");
            await AssertRefusedAsync(stranger.PostAsync($"/api/v1/users/me/invitations/{invitationId}/decline", Json.Body(new { })),
                HttpStatusCode.NotFound, "invitation_not_found");
            await AssertRefusedAsync(stranger.GetAsync(path), HttpStatusCode.NotFound, "not_found");

            // A member who is not an owner cannot invite; keys never reach organizations.
            await Api.PostAsync(guest, $"/api/v1/users/me/invitations/{invitationId}/accept", new { });
            await AssertRefusedAsync(guest.PostAsync(path, Json.Body(new { user = new { id = ownerId } })), HttpStatusCode.Forbidden, "not_organization_owner");
            var (_, key) = await Api.NewKeyAsync(admin, Server.DefaultWorkspaceId, "Members.write_members");
            using var keyClient = Api.KeyClient(Server, key);
            await AssertRefusedAsync(keyClient.GetAsync("/api/v1/users/me/invitations"), HttpStatusCode.Forbidden, "user_required");
            await AssertRefusedAsync(keyClient.PostAsync(path, Json.Body(new { user = new { id = guestId } })), HttpStatusCode.Forbidden, "user_required");
        }
    }

    /// <summary>A new user (of Default) who owns a fresh organization of which they are the only member.</summary>
    private async Task<(string Org, HttpClient Owner)> NewOwnerOfEmptyOrganizationAsync(HttpClient admin)
    {
        var seed = await Api.NewOrganizationAsync(admin);
        var (ownerId, _, owner) = await Api.NewUserInAsync(Server, admin, seed);
        await Api.PutAsync(admin, $"/api/v1/organizations/{seed}/members/{ownerId}", new { role = "owner" });
        return (await Api.NewOrganizationAsync(owner), owner);
    }

    /// <summary>The invitation actions audited about the user in the organization, in name order.</summary>
    private async Task<List<string>> AuditActionsAsync(string userId, string organizationId)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var actions = await db.AuditEvents
            .Where(e => e.TargetId == userId && e.OrganizationId == organizationId && e.Action.StartsWith("organization.invitation_"))
            .Select(e => e.Action).ToListAsync();
        return actions.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task AssertRefusedAsync(Task<HttpResponseMessage> request, HttpStatusCode status, string code)
    {
        using var response = await request;
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }
}
