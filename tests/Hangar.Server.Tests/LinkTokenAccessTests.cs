using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Linking a worker is reading the vault (a linked worker's run tokens read secret values), so only those who may read
/// secret values make or re-enable link tokens: workspace admins, and keys holding both permissions.
/// </summary>
public class LinkTokenAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Theory]
    [InlineData("operator")]
    [InlineData("developer")]
    public async Task CreateLinkToken_IsForbidden_ForMembersWhoAreNotAdmins(string role)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var group = await NewGroupAsync(admin);
        var tokenId = await NewGroupTokenAsync(admin, group);
        var (_, member) = await Api.NewMemberAsync(Server, admin, role);
        using (member)
        {
            await AssertLinkingRefusedAsync(member, group, tokenId);
        }
    }

    [Fact]
    public async Task CreateLinkToken_IsForbidden_ForAKeyWithOnlyWriteWorkers()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var group = await NewGroupAsync(admin);
        var tokenId = await NewGroupTokenAsync(admin, group);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadWorkers, Permissions.WriteWorkers);
        using var client = Api.KeyClient(Server, key);
        await AssertLinkingRefusedAsync(client, group, tokenId);

        // Everything else that Workers.write_workers opens still works.
        var renamed = await Api.PutAsync(client, $"/api/v1/workspaces/{Ws}/worker-groups/{group}", new { name = Api.Unique("renamed") });
        Assert.Equal(group, renamed["id"]!.GetValue<string>());
        await Api.DeleteJsonAsync(client, $"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens/{tokenId}");
    }

    [Fact]
    public async Task CreateLinkToken_Succeeds_ForAdmins_AndForAKeyThatMayAlsoReadSecretValues()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadWorkers, Permissions.WriteWorkers, Permissions.ReadSecretValues);
        using var client = Api.KeyClient(Server, key);
        foreach (var caller in new[] { admin, client })
        {
            var single = await Api.PostAsync(caller, $"/api/v1/workspaces/{Ws}/workers/link-tokens", new { });
            Assert.StartsWith("hgl_", single["link_token"]!.GetValue<string>(), StringComparison.Ordinal);
            var group = await NewGroupAsync(admin);
            var token = await Api.PostAsync(caller, $"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens", new { name = "pool", expires_at = (string?)null });
            var changed = await Api.PutAsync(caller, $"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens/{token["id"]}",
                new { name = "pool 2", expires_at = DateTimeOffset.UtcNow.AddDays(3) });
            Assert.Equal("pool 2", changed["name"]!.GetValue<string>());

            // The token links a worker, as before.
            using var anonymous = Server.CreateClient();
            var linked = await Api.PostAsync(anonymous, "/worker-v1/link", new { link_token = single["link_token"]!.GetValue<string>(), name = Api.Unique("w") });
            Assert.StartsWith("hgw_", linked["credential"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    private async Task AssertLinkingRefusedAsync(HttpClient client, string group, string tokenId)
    {
        var attempts = new Func<Task<HttpResponseMessage>>[]
        {
            () => client.PostAsync($"/api/v1/workspaces/{Ws}/workers/link-tokens", Json.Body(new { })),
            () => client.PostAsync($"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens", Json.Body(new { name = "rogue", expires_at = (string?)null })),
            // Re-enabling an existing token (a new expiry, or none) is linking again.
            () => client.PutAsync($"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens/{tokenId}", Json.Body(new { name = "t", expires_at = (string?)null })),
        };
        foreach (var attempt in attempts)
        {
            using var response = await attempt();
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("link_needs_vault_access", await Json.ErrorCodeAsync(response));
            Assert.Contains(Permissions.ReadSecretValues, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var admin = await Server.LoginAsAdminAsync();
        var tokens = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens");
        Assert.Equal([tokenId], tokens["data"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        Assert.NotNull(tokens["data"]![0]!["expires_at"]);
    }

    private async Task<string> NewGroupAsync(HttpClient admin) =>
        (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups", new { name = Api.Unique("group") }))["id"]!.GetValue<string>();

    private async Task<string> NewGroupTokenAsync(HttpClient admin, string group) =>
        (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/worker-groups/{group}/link-tokens",
            new { name = "t", expires_at = DateTimeOffset.UtcNow.AddHours(1) }))["id"]!.GetValue<string>();
}
