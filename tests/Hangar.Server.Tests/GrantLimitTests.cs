using System.Net;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Nobody grants what they don't hold, over HTTP: role changes of workspace members, and API keys (their permissions
/// and their expiry), checked against what the caller holds.
/// </summary>
public class GrantLimitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ViewerPermissions = [.. RolePermissions.For(WorkspaceRole.Viewer)];

    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task AKeyWithOnlyWriteMembers_CannotMakeAnyoneAdmin()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (userId, user) = await Api.NewUserAsync(Server, admin);
        user.Dispose();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.WriteMembers);
        using var client = Api.KeyClient(Server, key);
        foreach (var role in new[] { "admin", "developer", "operator", "viewer" })
        {
            await AssertRefusedAsync(client.PutAsync($"/api/v1/workspaces/{Ws}/members/{userId}", Json.Body(new { role })), "permission_not_held");
        }

        await AssertNotAMemberAsync(admin, userId);
    }

    [Fact]
    public async Task ARoleChange_NeedsEveryPermissionOfTheRoleGiven_AndOfTheRoleTakenAway()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, [.. ViewerPermissions, Permissions.WriteMembers]);
        using var client = Api.KeyClient(Server, key);
        var (newcomerId, newcomer) = await Api.NewUserAsync(Server, admin);
        var (operatorId, op) = await Api.NewMemberAsync(Server, admin, "operator");
        var (adminMemberId, adminMember) = await Api.NewMemberAsync(Server, admin, "admin");
        newcomer.Dispose();
        op.Dispose();
        adminMember.Dispose();

        // Within what the key holds: it may add a viewer, and remove one.
        Assert.Equal("viewer", (await Api.PutAsync(client, $"/api/v1/workspaces/{Ws}/members/{newcomerId}", new { role = "viewer" }))["role"]!.GetValue<string>());

        // Beyond it: promote the viewer, demote or remove an operator or an admin.
        await AssertRefusedAsync(client.PutAsync($"/api/v1/workspaces/{Ws}/members/{newcomerId}", Json.Body(new { role = "operator" })), "permission_not_held");
        await AssertRefusedAsync(client.PutAsync($"/api/v1/workspaces/{Ws}/members/{operatorId}", Json.Body(new { role = "viewer" })), "permission_not_held");
        await AssertRefusedAsync(client.DeleteAsync($"/api/v1/workspaces/{Ws}/members/{operatorId}"), "permission_not_held");
        await AssertRefusedAsync(client.PutAsync($"/api/v1/workspaces/{Ws}/members/{adminMemberId}", Json.Body(new { role = "viewer" })), "permission_not_held");
        await AssertRefusedAsync(client.DeleteAsync($"/api/v1/workspaces/{Ws}/members/{adminMemberId}"), "permission_not_held");

        var members = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/members?limit=500"))["data"]!.AsArray();
        string RoleOf(string id) => members.Single(m => m!["user"]!["id"]!.GetValue<string>() == id)!["role"]!.GetValue<string>();
        Assert.Equal(("viewer", "operator", "admin"), (RoleOf(newcomerId), RoleOf(operatorId), RoleOf(adminMemberId)));

        await Api.DeleteJsonAsync(client, $"/api/v1/workspaces/{Ws}/members/{newcomerId}");
        await AssertNotAMemberAsync(admin, newcomerId);

        // A key that holds everything may do all of it.
        var (_, full) = await Api.NewKeyAsync(admin, Ws, [.. Permissions.AllNames]);
        using var fullClient = Api.KeyClient(Server, full);
        await Api.PutAsync(fullClient, $"/api/v1/workspaces/{Ws}/members/{operatorId}", new { role = "admin" });
        await Api.DeleteJsonAsync(fullClient, $"/api/v1/workspaces/{Ws}/members/{operatorId}");
    }

    [Fact]
    public async Task ANarrowKey_CannotDeleteDowngradeOrRenameABroaderKey()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, narrow) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadApiKeys, Permissions.WriteApiKeys, Permissions.ReadRuns);
        var (broadId, _) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadApiKeys, Permissions.WriteApiKeys, Permissions.ReadRuns, Permissions.ReadSecretValues);
        var (smallId, _) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        using var client = Api.KeyClient(Server, narrow);
        var path = $"/api/v1/workspaces/{Ws}/api-keys/{broadId}";
        var before = await Api.GetAsync(admin, path);

        await AssertRefusedAsync(client.DeleteAsync(path), "permission_not_held");
        await AssertRefusedAsync(client.PutAsync(path, Json.Body(new { permissions = new[] { Permissions.ReadRuns } })), "permission_not_held");
        await AssertRefusedAsync(client.PutAsync(path, Json.Body(new { name = "mine now" })), "permission_not_held");
        var after = await Api.GetAsync(admin, path);
        Assert.Equal(before["name"]!.GetValue<string>(), after["name"]!.GetValue<string>());
        Assert.Equal(before["permissions"]!.ToJsonString(), after["permissions"]!.ToJsonString());

        // A key within its own permissions it may change and delete.
        await Api.PutAsync(client, $"/api/v1/workspaces/{Ws}/api-keys/{smallId}", new { name = "renamed by a peer" });
        await Api.DeleteJsonAsync(client, $"/api/v1/workspaces/{Ws}/api-keys/{smallId}");
    }

    [Fact]
    public async Task AKey_CannotExtendOrRemoveItsOwnExpiry_OnlyShortenIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys",
            new { name = Api.Unique("self"), permissions = new[] { Permissions.ReadApiKeys, Permissions.WriteApiKeys }, expires_at = expires });
        var id = created["id"]!.GetValue<string>();
        using var client = Api.KeyClient(Server, created["key"]!.GetValue<string>());
        var self = $"/api/v1/workspaces/{Ws}/api-keys/{id}";

        await AssertRefusedAsync(client.PutAsync(self, Json.Body(new { expires_at = (string?)null })), "expiry_beyond_own");
        await AssertRefusedAsync(client.PutAsync(self, Json.Body(new { expires_at = expires.AddDays(30) })), "expiry_beyond_own");
        Assert.Equal(expires.ToUnixTimeSeconds(), (await Api.GetAsync(admin, self))["expires_at"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());

        var sooner = DateTimeOffset.UtcNow.AddHours(2);
        var shortened = await Api.PutAsync(client, self, new { expires_at = sooner });
        Assert.Equal(sooner.ToUnixTimeSeconds(), shortened["expires_at"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        // Having shortened it, it cannot take the day back.
        await AssertRefusedAsync(client.PutAsync(self, Json.Body(new { expires_at = expires })), "expiry_beyond_own");
    }

    [Fact]
    public async Task AnExpiringKey_CannotMakeOrEditAKeyThatOutlivesIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys", new
        {
            name = Api.Unique("maker"), permissions = new[] { Permissions.ReadApiKeys, Permissions.WriteApiKeys, Permissions.ReadRuns }, expires_at = expires,
        });
        using var client = Api.KeyClient(Server, created["key"]!.GetValue<string>());
        var keys = $"/api/v1/workspaces/{Ws}/api-keys";

        await AssertRefusedAsync(client.PostAsync(keys, Json.Body(new { name = "forever", permissions = new[] { Permissions.ReadRuns } })), "expiry_beyond_own");
        await AssertRefusedAsync(client.PostAsync(keys, Json.Body(new { name = "later", permissions = new[] { Permissions.ReadRuns }, expires_at = expires.AddDays(1) })),
            "expiry_beyond_own");
        var ok = await Api.PostAsync(client, keys, new { name = "sooner", permissions = new[] { Permissions.ReadRuns }, expires_at = expires.AddHours(-1) });

        var (otherId, _) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadRuns);
        await AssertRefusedAsync(client.PutAsync($"{keys}/{otherId}", Json.Body(new { expires_at = (string?)null })), "expiry_beyond_own");
        await AssertRefusedAsync(client.PutAsync($"{keys}/{ok["id"]}", Json.Body(new { expires_at = expires.AddDays(5) })), "expiry_beyond_own");
        await Api.PutAsync(client, $"{keys}/{otherId}", new { expires_at = expires.AddHours(-2) });

        // People are not bound by a key's limit: the admin still makes keys without expiry.
        await Api.PostAsync(admin, keys, new { name = Api.Unique("forever"), permissions = new[] { Permissions.ReadRuns } });
    }

    private async Task AssertNotAMemberAsync(HttpClient admin, string userId)
    {
        var members = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/members?limit=500"))["data"]!.AsArray();
        Assert.DoesNotContain(members, m => m!["user"]!["id"]!.GetValue<string>() == userId);
    }

    private static async Task AssertRefusedAsync(Task<HttpResponseMessage> request, string code)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {body}");
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }
}
