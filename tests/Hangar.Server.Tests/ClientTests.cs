using System.Net;
using Hangar.Client;
using Hangar.Contracts.V1;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The typed .NET client against the real server.</summary>
public class ClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Client_ManagesKeys_AndAKeyClientReadsItsWorkspace()
    {
        using var admin = new HangarClient(Server.BaseAddress);
        await admin.LoginAsync("admin", HangarTestServer.AdminPassword);
        var ws = Server.DefaultWorkspaceId;
        var created = await admin.CreateApiKeyAsync(ws, "from client", [Permissions.ReadMembers]);

        using var keyClient = new HangarClient(Server.BaseAddress).WithApiKey(created.Key);
        Assert.Equal("Default", (await keyClient.GetWorkspaceAsync(ws)).Name);
        Assert.Contains(await admin.ListApiKeysAsync(ws).ToListAsync(), k => k.Id == created.Id);

        var renamed = await admin.UpdateApiKeyAsync(ws, created.Id, new UpdateApiKeyRequest { Name = "renamed" });
        Assert.Equal("renamed", renamed.Name);
        Assert.Equal(created.Key, await admin.RevealApiKeyAsync(ws, created.Id));
        Assert.True((await admin.DeleteApiKeyAsync(ws, created.Id)).Deleted);

        var refused = await Assert.ThrowsAsync<HangarApiException>(() => keyClient.GetWorkspaceAsync(ws));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("invalid_api_key", refused.Code);
    }
}
