using System.Net;
using Hangar.Core.Webhooks;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Outbound safety on a server that does not allow private endpoints (the default): webhooks and callbacks that
/// point into the server's own network are refused when they are made, and a delivery never connects there.
/// </summary>
public class WebhookSafetyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public async Task Create_RefusesAPrivateEndpoint(string endpoint)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        using var response = await admin.PostAsync($"/api/v1/workspaces/{ws}/webhooks",
            Json.Body(new { endpoint, enabled_events = new[] { "process_run.completed" } }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("endpoint_not_allowed", await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Update_RefusesAPrivateEndpoint()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (id, _) = await Webhooks.CreateAsync(admin, ws, "https://93.184.215.14/hook");
        using var response = await admin.PutAsync($"/api/v1/workspaces/{ws}/webhooks/{id}", Json.Body(new { endpoint = "http://127.0.0.1/x" }));
        Assert.Equal("endpoint_not_allowed", await Json.ErrorCodeAsync(response));
        Assert.Equal("https://93.184.215.14/hook", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}"))["endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATriggersCallback_ToAPrivateAddress_IsRefused_AndStartsNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        using var response = await admin.PostAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            Json.Body(new { callback = new { url = "http://169.254.169.254/latest", secret = "s" } }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("endpoint_not_allowed", await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task ADelivery_DoesNotConnectToAPrivateAddress_WhateverTheNameResolvesTo()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // "localhost" is a name: the check is made on the address it resolves to, when the connection is made.
        var byName = new Uri($"http://localhost:{receiver.BaseAddress.Port}/hook");
        using var refusing = new WebhookSender(new WebhookOptions { Timeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var refused = await refusing.SendAsync(byName, "secret", """{"id":"1"}""", "webhook.test", 1, CancellationToken.None);
        Assert.Equal("address_not_allowed", refused.Error);
        Assert.True(refused.Final);
        Assert.Null(refused.StatusCode);
        var literal = await refusing.SendAsync(new Uri(receiver.Url()), "secret", """{"id":"1"}""", "webhook.test", 1, CancellationToken.None);
        Assert.Equal("address_not_allowed", literal.Error);
        Assert.Empty(receiver.Received);

        using var allowing = new WebhookSender(new WebhookOptions { AllowPrivateEndpoints = true, Timeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var sent = await allowing.SendAsync(byName, "secret", """{"id":"1"}""", "webhook.test", 1, CancellationToken.None);
        Assert.Equal(200, sent.StatusCode);
        Assert.Single(receiver.Received);
    }
}
