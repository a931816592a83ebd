using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Who manages whose account, over HTTP: an organization owner resets and disables only the accounts that belong to
/// their organizations alone; an instance administrator manages every account; nobody climbs to instance administrator
/// over the API.
/// </summary>
public class AccountManagementTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task AUserInTwoOrganizations_IsManagedByNeitherOwner_OnlyByTheInstanceAdmin()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var orgA = await Api.NewOrganizationAsync(admin);
        var orgB = await Api.NewOrganizationAsync(admin);
        var (aliceId, _, alice) = await Api.NewUserInAsync(Server, admin, orgA);
        var (bobId, _, bob) = await Api.NewUserInAsync(Server, admin, orgB);
        var (dualId, dualName, dual) = await Api.NewUserInAsync(Server, admin, orgA);
        dual.Dispose();
        await Api.PutAsync(admin, $"/api/v1/organizations/{orgA}/members/{aliceId}", new { role = "owner" });
        await Api.PutAsync(admin, $"/api/v1/organizations/{orgB}/members/{bobId}", new { role = "owner" });
        // The instance administrator adds a user to another organization directly, without an invitation.
        await Api.PutAsync(admin, $"/api/v1/organizations/{orgB}/members/{dualId}", new { role = "member" });
        using (alice)
        using (bob)
        {
            foreach (var owner in new[] { alice, bob })
            {
                // They may see the account (it is in their organization) but not take it over.
                Assert.Equal(dualName, (await Api.GetAsync(owner, $"/api/v1/users/{dualId}"))["username"]!.GetValue<string>());
                await AssertRefusedAsync(owner.PutAsync($"/api/v1/users/{dualId}/password", Json.Body(new { new_password = "taken-over-by-owner-1" })),
                    HttpStatusCode.Forbidden, "user_not_managed");
                await AssertRefusedAsync(owner.PostAsync($"/api/v1/users/{dualId}/disable", Json.Body(new { })), HttpStatusCode.Forbidden, "user_not_managed");
            }

            using var stillIn = await Server.LoginAsync(dualName, Api.Password);

            using (var reset = await admin.PutAsync($"/api/v1/users/{dualId}/password", Json.Body(new { new_password = "set-by-the-instance-admin" })))
            {
                Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
            }

            Assert.True((await Api.PostAsync(admin, $"/api/v1/users/{dualId}/disable", new { }))["disabled"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task AnOwner_ManagesAUserOfTheirOrganizationsAlone_ButNeverTheInstanceAdmin()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var adminId = await Api.MyIdAsync(admin);
        var org = await Api.NewOrganizationAsync(admin);
        var (ownerId, _, owner) = await Api.NewUserInAsync(Server, admin, org);
        await Api.PutAsync(admin, $"/api/v1/organizations/{org}/members/{ownerId}", new { role = "owner" });
        using (owner)
        {
            // The owner creates a user in their organization: it belongs there alone, so the owner manages it.
            var (soloId, soloName, solo) = await Api.NewUserInAsync(Server, owner, org);
            solo.Dispose();
            using (var reset = await owner.PutAsync($"/api/v1/users/{soloId}/password", Json.Body(new { new_password = "a-fresh-start-here" })))
            {
                Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
            }

            using var again = await Server.LoginAsync(soloName, "a-fresh-start-here");
            Assert.True((await Api.PostAsync(owner, $"/api/v1/users/{soloId}/disable", new { }))["disabled"]!.GetValue<bool>());

            // The instance's admin is in this organization too (they created it), yet no owner manages them.
            await AssertRefusedAsync(owner.PutAsync($"/api/v1/users/{adminId}/password", Json.Body(new { new_password = "owner-now-owns-admin" })),
                HttpStatusCode.Forbidden, "user_not_managed");
            await AssertRefusedAsync(owner.PostAsync($"/api/v1/users/{adminId}/disable", Json.Body(new { })), HttpStatusCode.Forbidden, "user_not_managed");
            using var adminStillIn = await Server.LoginAsAdminAsync();
        }
    }

    [Fact]
    public async Task TheOwnerOfAnEmptyOrganization_ManagesNobodyElse_AndCannotAddAnOutsider()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var adminId = await Api.MyIdAsync(admin);
        var (outsiderId, _) = await Api.NewUserAsync(Server, admin);
        var ownersOrg = await Api.NewOrganizationAsync(admin);
        var (ownerId, _, owner) = await Api.NewUserInAsync(Server, admin, ownersOrg);
        await Api.PutAsync(admin, $"/api/v1/organizations/{ownersOrg}/members/{ownerId}", new { role = "owner" });
        using (owner)
        {
            var empty = await Api.NewOrganizationAsync(owner);
            var members = await Api.GetAsync(owner, $"/api/v1/organizations/{empty}/members");
            Assert.Equal([ownerId], members["data"]!.AsArray().Select(m => m!["user"]!["id"]!.GetValue<string>()));

            // The attack of the issue: put someone else's account (or the admin's) into one's organization, then reset it.
            foreach (var target in new[] { outsiderId, adminId })
            {
                await AssertRefusedAsync(owner.PutAsync($"/api/v1/organizations/{empty}/members/{target}", Json.Body(new { role = "member" })),
                    HttpStatusCode.Forbidden, "invitation_required");
            }

            members = await Api.GetAsync(owner, $"/api/v1/organizations/{empty}/members");
            Assert.Single(members["data"]!.AsArray());
            await AssertRefusedAsync(owner.PutAsync($"/api/v1/users/{outsiderId}/password", Json.Body(new { new_password = "taken-over-by-owner-1" })),
                HttpStatusCode.NotFound, "not_found");
            await AssertRefusedAsync(owner.PostAsync($"/api/v1/users/{outsiderId}/disable", Json.Body(new { })), HttpStatusCode.NotFound, "not_found");
            await AssertRefusedAsync(owner.PutAsync($"/api/v1/users/{adminId}/password", Json.Body(new { new_password = "taken-over-by-owner-1" })),
                HttpStatusCode.Forbidden, "user_not_managed");

            // The instance administrator may add anyone to any organization, even one they are not a member of.
            await Api.PutAsync(admin, $"/api/v1/organizations/{empty}/members/{outsiderId}", new { role = "member" });
            Assert.Equal(2, (await Api.GetAsync(owner, $"/api/v1/organizations/{empty}/members"))["data"]!.AsArray().Count);
            // The outsider now belongs to the owner's organization and to Default: still not the owner's to manage.
            await AssertRefusedAsync(owner.PostAsync($"/api/v1/users/{outsiderId}/disable", Json.Body(new { })), HttpStatusCode.Forbidden, "user_not_managed");
        }
    }

    [Fact]
    public async Task TheInstanceAdmin_SeesEveryUser_AndNobodyBecomesOneOverTheApi()
    {
        using var admin = await Server.LoginAsAdminAsync();
        Assert.True((await Api.GetAsync(admin, "/api/v1/users/me"))["instance_admin"]!.GetValue<bool>());
        var (ownerId, owner) = await Api.NewUserAsync(Server, admin);
        using (owner)
        {
            var org = await Api.NewOrganizationAsync(admin);
            await Api.PutAsync(admin, $"/api/v1/organizations/{org}/members/{ownerId}", new { role = "owner" });
            var foreign = await Api.NewOrganizationAsync(owner);
            var (hiddenId, _, hidden) = await Api.NewUserInAsync(Server, owner, foreign);
            hidden.Dispose();

            // A user of an organization the admin is not in: listed and managed all the same.
            var all = await Api.GetAsync(admin, "/api/v1/users?limit=500");
            Assert.Contains(all["data"]!.AsArray(), u => u!["id"]!.GetValue<string>() == hiddenId);
            Assert.True((await Api.PostAsync(admin, $"/api/v1/users/{hiddenId}/disable", new { }))["disabled"]!.GetValue<bool>());

            // Extra fields are not a way in: a created user, and the owner themselves, stay ordinary users.
            var sneaky = await Api.PostAsync(owner, "/api/v1/users",
                new { username = Api.Unique("sneaky"), password = Api.Password, instance_admin = true, is_instance_admin = true });
            Assert.False(sneaky["instance_admin"]!.GetValue<bool>());
            Assert.False((await Api.GetAsync(owner, "/api/v1/users/me"))["instance_admin"]!.GetValue<bool>());
            Assert.False((await Api.GetAsync(owner, $"/api/v1/users/{ownerId}"))["instance_admin"]!.GetValue<bool>());
        }
    }

    private static async Task AssertRefusedAsync(Task<HttpResponseMessage> request, HttpStatusCode status, string code)
    {
        using var response = await request;
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }
}
