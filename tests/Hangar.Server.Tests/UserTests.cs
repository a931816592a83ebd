using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

public class UserTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Owner_CreatesAndListsUsers_WithoutPasswordHashes()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var username = Api.Unique("Alice");
        var created = await Api.PostAsync(admin, "/api/v1/users", new { username, password = Api.Password, display_name = "Alice A." });
        Assert.Equal(username.ToLowerInvariant(), created["username"]!.GetValue<string>());
        Assert.False(created["disabled"]!.GetValue<bool>());
        Assert.Null(created["password_hash"]);

        var listed = await Api.GetAsync(admin, "/api/v1/users?limit=500");
        Assert.Contains(listed["data"]!.AsArray(), u => u!["id"]!.GetValue<string>() == created["id"]!.GetValue<string>());
        Assert.DoesNotContain("password", listed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateUser_RefusesBadInput()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var cases = new (object Body, HttpStatusCode Status, string Code)[]
        {
            (new { username = "has space", password = Api.Password }, HttpStatusCode.BadRequest, "invalid_username"),
            (new { username = Api.Unique("u"), password = "short" }, HttpStatusCode.BadRequest, "password_too_short"),
            (new { username = "admin", password = Api.Password }, HttpStatusCode.Conflict, "username_taken"),
        };
        foreach (var (body, status, code) in cases)
        {
            using var response = await admin.PostAsync("/api/v1/users", Json.Body(body));
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task DisablingAUser_EndsTheirSessions_AndBlocksLogin()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var username = Api.Unique("bob");
        var user = await Api.PostAsync(admin, "/api/v1/users", new { username, password = Api.Password });
        var id = user["id"]!.GetValue<string>();
        using var bob = await Server.LoginAsync(username, Api.Password);

        var disabled = await Api.PostAsync(admin, $"/api/v1/users/{id}/disable", new { });
        Assert.True(disabled["disabled"]!.GetValue<bool>());
        using (var me = await bob.GetAsync("/api/v1/users/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        using (var login = await Server.CreateClient().PostAsync("/api/v1/auth/login", Json.Body(new { username, password = Api.Password })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
            Assert.Equal("invalid_credentials", await Json.ErrorCodeAsync(login));
        }

        await Api.PostAsync(admin, $"/api/v1/users/{id}/enable", new { });
        using var again = await Server.LoginAsync(username, Api.Password);
    }

    [Fact]
    public async Task AdminCannotDisableThemselves()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var me = await Api.GetAsync(admin, "/api/v1/users/me");
        using var response = await admin.PostAsync($"/api/v1/users/{me["id"]}/disable", Json.Body(new { }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("cannot_disable_self", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task ChangingOwnPassword_NeedsTheCurrentOne()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, user) = await Api.NewUserAsync(Server, admin);
        using (user)
        {
            using (var wrong = await user.PutAsync("/api/v1/users/me/password", Json.Body(new { current_password = "wrong-wrong-wrong", new_password = "another-long-password" })))
            {
                Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
                Assert.Equal("invalid_credentials", await Json.ErrorCodeAsync(wrong));
            }

            using var ok = await user.PutAsync("/api/v1/users/me/password", Json.Body(new { current_password = Api.Password, new_password = "another-long-password" }));
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
            // Changing a password ends the sessions that used the old one.
            using var me = await user.GetAsync("/api/v1/users/me");
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
    }

    [Fact]
    public async Task NonOwners_CannotManageUsers()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, member) = await Api.NewUserAsync(Server, admin);
        using (member)
        {
            using var list = await member.GetAsync("/api/v1/users");
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            Assert.Equal("not_organization_owner", await Json.ErrorCodeAsync(list));
            using var create = await member.PostAsync("/api/v1/users", Json.Body(new { username = Api.Unique("x"), password = Api.Password }));
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
    }

    [Fact]
    public async Task Organizations_ListCreateRename_AndOwnership()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var orgs = await Api.GetAsync(admin, "/api/v1/organizations");
        Assert.Contains(orgs["data"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "Default");

        var created = await Api.PostAsync(admin, "/api/v1/organizations", new { name = Api.Unique("Org") });
        var orgId = created["id"]!.GetValue<string>();
        var renamed = await Api.PutAsync(admin, $"/api/v1/organizations/{orgId}", new { name = "Renamed org" });
        Assert.Equal("Renamed org", renamed["name"]!.GetValue<string>());

        // Two owned organizations: creating a workspace must say which one.
        using (var ambiguous = await admin.PostAsync("/api/v1/workspaces", Json.Body(new { name = Api.Unique("W") })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
            Assert.Equal("missing_field", await Json.ErrorCodeAsync(ambiguous));
        }

        var ws = await Api.PostAsync(admin, "/api/v1/workspaces", new { name = Api.Unique("W"), organization = new { id = orgId } });
        Assert.Equal(orgId, ws["organization"]!["id"]!.GetValue<string>());

        var (userId, user) = await Api.NewUserAsync(Server, admin);
        using (user)
        {
            using var notMine = await user.GetAsync($"/api/v1/organizations/{orgId}");
            Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
            var member = await Api.PutAsync(admin, $"/api/v1/organizations/{orgId}/members/{userId}", new { role = "member" });
            Assert.Equal("member", member["role"]!.GetValue<string>());
            await Api.GetAsync(user, $"/api/v1/organizations/{orgId}");
            using var rename = await user.PutAsync($"/api/v1/organizations/{orgId}", Json.Body(new { name = "x" }));
            Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
        }
    }
}
