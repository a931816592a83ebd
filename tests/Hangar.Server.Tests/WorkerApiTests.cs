using System.Net;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

public class WorkerApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task GroupLinkToken_IsReusable_AndAddsEachWorkerToItsGroup()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var group = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups", new { name = Api.Unique("group") });
        var groupId = group["id"]!.GetValue<string>();
        var token = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/link-tokens", new { name = "pool", expires_at = (string?)null });
        var value = token["link_token"]!.GetValue<string>();
        Assert.StartsWith("hgl_", value, StringComparison.Ordinal);
        Assert.Equal(groupId, token["worker_group"]!["id"]!.GetValue<string>());
        Assert.Null(token["expires_at"]);

        var tokenId = token["id"]!.GetValue<string>();
        var read = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/link-tokens/{tokenId}");
        Assert.False(read.AsObject().ContainsKey("link_token"));
        var listed = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/link-tokens");
        Assert.Single(listed["data"]!.AsArray());

        var first = await LinkAsync(value, "first");
        var second = await LinkAsync(value, "second");
        Assert.NotEqual(first, second);
        foreach (var workerId in new[] { first, second })
        {
            var worker = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/workers/{workerId}");
            Assert.Equal("offline", worker["state"]!.GetValue<string>());
        }

        // Taking the worker out and putting it back answers its groups each time.
        var removed = await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/workers/{first}");
        Assert.Empty(removed["worker_groups"]!.AsArray());
        var added = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/workers", new { worker = new { id = first } });
        Assert.Equal(first, added["worker"]!["id"]!.GetValue<string>());
        Assert.Equal(groupId, added["worker_groups"]!.AsArray().Single()!["id"]!.GetValue<string>());

        var changed = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/link-tokens/{tokenId}",
            new { name = "renamed", expires_at = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal("renamed", changed["name"]!.GetValue<string>());
        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{groupId}/link-tokens/{tokenId}");
        var refused = await Assert.ThrowsAsync<HangarException>(() => LinkAsync(value, "third"));
        Assert.Equal("invalid_link_token", refused.Code);
    }

    [Fact]
    public async Task WorkspaceLinkToken_LinksOneWorker_ThatIsListedRenamedAndDeleted()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var token = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(10) });
        var value = token["link_token"]!.GetValue<string>();
        var workerId = await LinkAsync(value, "box-1");
        var again = await Assert.ThrowsAsync<HangarException>(() => LinkAsync(value, "box-2"));
        Assert.Equal("invalid_link_token", again.Code);

        var listed = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/workers?limit=500");
        var row = listed["data"]!.AsArray().Single(w => w!["id"]!.GetValue<string>() == workerId)!;
        // Robocorp's three fields, then Hangar's isolation (null until the worker's first claim says it).
        Assert.Equal(["id", "name", "state", "isolation"], row.AsObject().Select(p => p.Key));
        Assert.Null(row["isolation"]);
        var renamed = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/workers/{workerId}", new { name = "box-renamed" });
        Assert.Equal("box-renamed", renamed["name"]!.GetValue<string>());
        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{Ws}/workers/{workerId}");
        using var gone = await admin.GetAsync($"/api/v1/workspaces/{Ws}/workers/{workerId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("worker_not_found", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspaceLinkToken_InThePast_IsRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/workers/link-tokens", Json.Body(new { expires_at = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_expiry", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessStep_AcceptsAnExistingWorkerGroup_AndRefusesAnUnknownOne()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var package = await Api.SeedPackageAsync(Server, Ws, "Main");
        var group = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups", new { name = Api.Unique("group") });
        var groupId = group["id"]!.GetValue<string>();
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes", new
        {
            name = Api.Unique("grouped"),
            steps = new[] { new { task_package = new { id = package }, task = "Main", worker_group = new { id = groupId } } },
        });
        Assert.Equal(groupId, created["steps"]![0]!["worker_group"]!["id"]!.GetValue<string>());

        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes", Json.Body(new
        {
            name = Api.Unique("grouped"),
            steps = new[] { new { task_package = new { id = package }, task = "Main", worker_group = new { id = Guid.CreateVersion7().ToString() } } },
        }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("worker_group_not_found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> LinkAsync(string token, string name)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var (worker, credential) = await scope.ServiceProvider.GetRequiredService<LinkTokenService>().LinkAsync(token, name, null, CancellationToken.None);
        Assert.StartsWith("hgw_", credential, StringComparison.Ordinal);
        return worker.Id;
    }
}
