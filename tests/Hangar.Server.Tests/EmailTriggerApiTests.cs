using System.Net;
using System.Text.RegularExpressions;
using Hangar.Core.Security;
using Hangar.Server.Hosting;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>A process's email trigger over v1: <c>…/processes/{id}/email-trigger</c> (GET, PUT, DELETE).</summary>
public sealed partial class EmailTriggerApiTests(MailServerFixture fixture) : IClassFixture<MailServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task Put_GivesTheProcessAnUnguessableAddress_ThatGetReads_AndAudits()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger";

        using var response = await admin.PutAsync(path, Json.Body(new { enabled = true, parse = true }));
        var created = await Api.OkJsonAsync(response);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var address = created["address"]!.GetValue<string>();
        Assert.Matches(AddressShape(), address);
        Assert.DoesNotContain(process, address, StringComparison.OrdinalIgnoreCase);
        Assert.True(created["enabled"]!.GetValue<bool>());
        Assert.True(created["parse"]!.GetValue<bool>());

        var read = await Api.GetAsync(admin, path);
        Assert.Equal(address, read["address"]!.GetValue<string>());
        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?action=email_trigger.created");
        Assert.Contains(audit["data"]!.AsArray(), e => e!["target"]!["id"]!.GetValue<string>() == process);
    }

    [Fact]
    public async Task Put_KeepsTheAddress_AndWhatIsNotGiven()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger";
        var address = (await Api.PutAsync(admin, path, new { }))["address"]!.GetValue<string>();

        var off = await Api.PutAsync(admin, path, new { enabled = false });
        Assert.Equal(address, off["address"]!.GetValue<string>());
        Assert.False(off["enabled"]!.GetValue<bool>());
        Assert.True(off["parse"]!.GetValue<bool>());

        var raw = await Api.PutAsync(admin, path, new { parse = false });
        Assert.False(raw["enabled"]!.GetValue<bool>());
        Assert.False(raw["parse"]!.GetValue<bool>());
        Assert.Equal(address, raw["address"]!.GetValue<string>());
        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?action=email_trigger.updated");
        Assert.Equal(2, audit["data"]!.AsArray().Count(e => e!["target"]!["id"]!.GetValue<string>() == process));
    }

    [Fact]
    public async Task Delete_ForgetsTheAddress_AndTurningEmailOnAgainGivesANewOne()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger";
        var first = await Mail.EnableAsync(admin, Ws, process);

        var deleted = await Api.DeleteJsonAsync(admin, path);
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        using (var gone = await admin.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("not_found", await Json.ErrorCodeAsync(gone));
        }

        using (var again = await Api.DeleteAsync(admin, path))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var second = await Mail.EnableAsync(admin, Ws, process);
        Assert.NotEqual(first, second);
        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/audit-events?action=email_trigger.deleted");
        Assert.Contains(audit["data"]!.AsArray(), e => e!["target"]!["id"]!.GetValue<string>() == process);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task EveryMethod_IsNotFound_ForAnUnknownProcess(string method)
    {
        using var admin = await Server.LoginAsAdminAsync();
        foreach (var process in new[] { Guid.CreateVersion7().ToString(), "not-an-id" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger")
            {
                // A change signed in with the session cookie is sent as JSON (see docs/api.md), a DELETE too.
                Content = method == "PUT" ? Json.Body(new { enabled = true }) : method == "DELETE" ? Json.Body(new { }) : null,
            };
            using var response = await admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("not_found", await Json.ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task ReadingNeedsReadProcesses_AndChangingNeedsWriteProcesses()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger";
        await Mail.EnableAsync(admin, Ws, process);
        var (_, readOnly) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadProcesses);
        using var reader = Api.KeyClient(Server, readOnly);
        Assert.NotNull((await Api.GetAsync(reader, path))["address"]);
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, path) { Content = Json.Body(new { enabled = false }) };
            using var response = await reader.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(Permissions.WriteProcesses, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (_, noRead) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses);
        using var trigger = Api.KeyClient(Server, noRead);
        using (var refused = await trigger.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.True((await Api.GetAsync(admin, path))["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnotherWorkspacesKey_AndAWrongCredential_AreRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var path = $"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger";
        await Mail.EnableAsync(admin, Ws, process);
        var other = await Api.NewWorkspaceAsync(admin);
        var (_, foreign) = await Api.NewKeyAsync(admin, other, Permissions.ReadProcesses, Permissions.WriteProcesses);
        using var outsider = Api.KeyClient(Server, foreign);
        using (var response = await outsider.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("@", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The key of the other workspace, asking in its own workspace for this process: not there either.
        using (var response = await outsider.PutAsync($"/api/v1/workspaces/{other}/processes/{process}/email-trigger", Json.Body(new { enabled = false })))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var wrong = Api.KeyClient(Server, "hgk_" + new string('x', 40));
        using (var response = await wrong.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.True((await Api.GetAsync(admin, path))["enabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{\"enabled\": tru")]
    [InlineData("{\"enabled\": \"yes\"}")]
    [InlineData("[]")]
    [InlineData("null")]
    public async Task Put_RefusesABodyThatIsNotTheTrigger(string body)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        using var response = await admin.PutAsync($"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger", Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await Json.ErrorCodeAsync(response)));
        using var none = await admin.GetAsync($"/api/v1/workspaces/{Ws}/processes/{process}/email-trigger");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task WithoutSmtpConfigured_NothingListens_AndPutIsAConflict()
    {
        await using var plain = await HangarTestServer.StartAsync();
        Assert.Null(plain.App.Services.GetService<SmtpListenerService>());
        using var admin = await plain.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(plain, admin);
        using var response = await admin.PutAsync($"/api/v1/workspaces/{plain.DefaultWorkspaceId}/processes/{process}/email-trigger",
            Json.Body(new { enabled = true }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("email_not_configured", await Json.ErrorCodeAsync(response));
    }

    [GeneratedRegex(@"^[a-z0-9-]{1,24}\.[a-z2-7]{26}@mail\.hangar\.test$")]
    private static partial Regex AddressShape();
}
