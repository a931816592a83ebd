using System.Net;
using Hangar.Core.Security;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>A <c>robocloud-hmac</c> signed request is accepted once; a replay within its timestamp's window is refused.</summary>
public class SignatureReplayTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string UserTokenPath = "/token-vendor-v1/user/tokenrequest";
    private const string Body = """{"expiresIn":600,"capabilitySet":"view/workspaces"}""";

    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task ReplayedSignedRequest_IsRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = await Rcc.NewCredentialAsync(admin);
        var at = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, await SendAsync(Server, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at)));
        using var replay = await SendForResponseAsync(Server, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("signature_replayed", await Json.ErrorCodeAsync(replay));
    }

    [Fact]
    public async Task SignedRequest_WithAQueryStringAdded_IsRefused_BeforeAndAfterItsFirstUse()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = await Rcc.NewCredentialAsync(admin);
        var at = DateTimeOffset.UtcNow;

        using (var withQuery = await SendForResponseAsync(Server,
                   Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at, sentPath: UserTokenPath + "?expiresIn=86400")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withQuery.StatusCode);
            Assert.Equal("invalid_signature", await Json.ErrorCodeAsync(withQuery));
        }

        // The refused variant did not use the signature up: the request as signed still works, once.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(Server, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at)));
        using var replayWithQuery = await SendForResponseAsync(Server,
            Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at, sentPath: UserTokenPath + "?again=1"));
        Assert.Equal(HttpStatusCode.Unauthorized, replayWithQuery.StatusCode);
        Assert.Equal("invalid_signature", await Json.ErrorCodeAsync(replayWithQuery));
    }

    [Fact]
    public async Task DifferentFreshSignedRequests_AllPass()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = await Rcc.NewCredentialAsync(admin);
        var at = DateTimeOffset.UtcNow;

        // Same second, different bodies; same body, another second; the details call signed over "{}" as rcc does.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(Server, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(Server,
            Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, """{"expiresIn":601,"capabilitySet":"view/workspaces"}""", at)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(Server, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at.AddSeconds(-1))));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(Server,
            Rcc.Signed(HttpMethod.Get, "/token-vendor-v1/user/details", credential, "{}", at, timestampHeader: RequestSignature.AlternateTimestampHeader)));
    }

    [Fact]
    public async Task ReplayOnAnotherNode_IsRefused_OnPostgres()
    {
        await using var first = await HangarTestServer.StartAsync(DatabaseProvider.Postgres);
        await using var second = await HangarTestServer.JoinAsync(first);
        using var admin = await first.LoginAsAdminAsync();
        var credential = await Rcc.NewCredentialAsync(admin);
        var at = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, await SendAsync(first, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at)));
        using var replay = await SendForResponseAsync(second, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("signature_replayed", await Json.ErrorCodeAsync(replay));

        // A fresh request still passes on either node.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(second, Rcc.Signed(HttpMethod.Post, UserTokenPath, credential, Body, at.AddSeconds(1))));
    }

    private static async Task<HttpStatusCode> SendAsync(HangarTestServer server, HttpRequestMessage request)
    {
        using var response = await SendForResponseAsync(server, request);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendForResponseAsync(HangarTestServer server, HttpRequestMessage request)
    {
        using (request)
        {
            using var client = server.CreateClient();
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
    }
}
