using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

public class WorkspaceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task GetWorkspace_HasRobocorpsExactShape()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var body = await Api.GetAsync(admin, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}");
        Assert.Equal(["id", "name", "organization"], body.AsObject().Select(p => p.Key));
        Assert.Equal(["id", "name"], body["organization"]!.AsObject().Select(p => p.Key));
        Assert.Equal(Server.DefaultWorkspaceId, body["id"]!.GetValue<string>());
        Assert.Equal("Default", body["organization"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateRenameDelete_Workflow()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("Finance");
        var created = await Api.PostAsync(admin, "/api/v1/workspaces", new { name });
        var id = created["id"]!.GetValue<string>();
        Assert.Equal(name, created["name"]!.GetValue<string>());

        var members = await Api.GetAsync(admin, $"/api/v1/workspaces/{id}/members");
        Assert.Equal("admin", members["data"]![0]!["role"]!.GetValue<string>());

        var renamed = await Api.PutAsync(admin, $"/api/v1/workspaces/{id}", new { name = name + " 2" });
        Assert.Equal(name + " 2", renamed["name"]!.GetValue<string>());

        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{id}"))
        {
            var deleted = await Api.OkJsonAsync(delete);
            Assert.True(deleted["deleted"]!.GetValue<bool>());
            Assert.Equal(id, deleted["id"]!.GetValue<string>());
        }

        using var gone = await admin.GetAsync($"/api/v1/workspaces/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("not_found", await Json.ErrorCodeAsync(gone));
    }

    [Fact]
    public async Task DeleteWorkspace_WithProcessesRunsAndRobots_DeletesItAll()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{ws}"))
        {
            Assert.True((await Api.OkJsonAsync(delete))["deleted"]!.GetValue<bool>());
        }

        using var gone = await admin.GetAsync($"/api/v1/workspaces/{ws}/processes/{process}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task CreateWorkspace_RefusesADuplicateOrBadName_AndCreatesNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("Dup");
        await Api.PostAsync(admin, "/api/v1/workspaces", new { name });
        using (var twin = await admin.PostAsync("/api/v1/workspaces", Json.Body(new { name })))
        {
            Assert.Equal(HttpStatusCode.Conflict, twin.StatusCode);
            Assert.Equal("name_taken", await Json.ErrorCodeAsync(twin));
        }

        foreach (var bad in new[] { "", "   ", new string('x', 101) })
        {
            using var response = await admin.PostAsync("/api/v1/workspaces", Json.Body(new { name = bad }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_name", await Json.ErrorCodeAsync(response));
        }

        var all = await Api.GetAsync(admin, "/api/v1/workspaces?limit=500");
        Assert.Single(all["data"]!.AsArray(), w => w!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task UnknownOrForeignWorkspace_IsNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, outsider) = await Api.NewUserAsync(Server, admin);
        using (outsider)
        {
            using var foreign = await outsider.GetAsync($"/api/v1/workspaces/{Server.DefaultWorkspaceId}");
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
            using var unknown = await admin.GetAsync($"/api/v1/workspaces/{Guid.CreateVersion7()}");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            using var garbage = await admin.GetAsync("/api/v1/workspaces/not-an-id");
            Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
            Assert.Equal(await foreign.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
            var listed = await Api.GetAsync(outsider, "/api/v1/workspaces");
            Assert.Empty(listed["data"]!.AsArray());
        }
    }

    [Fact]
    public async Task Roles_DecideWhatMembersMayDo()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (viewerId, viewer) = await Api.NewMemberAsync(Server, admin, "viewer");
        using (viewer)
        {
            var ws = Server.DefaultWorkspaceId;
            await Api.GetAsync(viewer, $"/api/v1/workspaces/{ws}");
            await Api.GetAsync(viewer, $"/api/v1/workspaces/{ws}/members");

            using var promote = await viewer.PutAsync($"/api/v1/workspaces/{ws}/members/{viewerId}", Json.Body(new { role = "admin" }));
            Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
            Assert.Equal("missing_permission", await Json.ErrorCodeAsync(promote));
            Assert.Contains("Members.write_members", (await Json.ReadAsync(promote))["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

            using var rename = await viewer.PutAsync($"/api/v1/workspaces/{ws}", Json.Body(new { name = "Mine" }));
            Assert.Equal(HttpStatusCode.Forbidden, rename.StatusCode);
            Assert.Equal("workspace_admin_required", await Json.ErrorCodeAsync(rename));

            using var create = await viewer.PostAsync("/api/v1/workspaces", Json.Body(new { name = "Mine" }));
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
    }

    [Fact]
    public async Task Members_CanBeAddedChangedAndRemoved_ButNotTheLastAdmin()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var created = await Api.PostAsync(admin, "/api/v1/workspaces", new { name = Api.Unique("Team") });
        var ws = created["id"]!.GetValue<string>();
        var me = await Api.GetAsync(admin, "/api/v1/users/me");
        var adminId = me["id"]!.GetValue<string>();
        var (userId, user) = await Api.NewUserAsync(Server, admin);
        using (user)
        {
            var member = await Api.PutAsync(admin, $"/api/v1/workspaces/{ws}/members/{userId}", new { role = "operator" });
            Assert.Equal("operator", member["role"]!.GetValue<string>());
            Assert.Equal(userId, member["user"]!["id"]!.GetValue<string>());

            using (var badRole = await admin.PutAsync($"/api/v1/workspaces/{ws}/members/{userId}", Json.Body(new { role = "superuser" })))
            {
                Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
                Assert.Equal("invalid_role", await Json.ErrorCodeAsync(badRole));
            }

            using (var demoteLast = await admin.PutAsync($"/api/v1/workspaces/{ws}/members/{adminId}", Json.Body(new { role = "viewer" })))
            {
                Assert.Equal(HttpStatusCode.Conflict, demoteLast.StatusCode);
                Assert.Equal("last_admin", await Json.ErrorCodeAsync(demoteLast));
            }

            using (var remove = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{ws}/members/{userId}"))
            {
                await Api.OkJsonAsync(remove);
            }

            using var after = await user.GetAsync($"/api/v1/workspaces/{ws}");
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);

            using var unknownUser = await admin.PutAsync($"/api/v1/workspaces/{ws}/members/{Guid.CreateVersion7()}", Json.Body(new { role = "viewer" }));
            Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        }
    }

    [Fact]
    public async Task Lists_PageWithAFollowableNextUrl()
    {
        using var admin = await Server.LoginAsAdminAsync();
        for (var i = 0; i < 3; i++)
        {
            await Api.PostAsync(admin, "/api/v1/workspaces", new { name = Api.Unique("Paged") });
        }

        var ids = new List<string>();
        var url = "/api/v1/workspaces?limit=2";
        while (url is not null)
        {
            var page = await Api.GetAsync(admin, url);
            Assert.True(page["data"]!.AsArray().Count <= 2);
            ids.AddRange(page["data"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()));
            var next = page["next"]?.GetValue<string>();
            Assert.Equal(next is not null, page["has_more"]!.GetValue<bool>());
            if (next is not null)
            {
                Assert.StartsWith(Server.BaseAddress.ToString().TrimEnd('/'), next, StringComparison.Ordinal);
                Assert.Contains("limit=2", next, StringComparison.Ordinal);
            }

            url = next;
        }

        Assert.True(ids.Count >= 4);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }
}
