using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>rcc's robot commands (cloud new, push, pull, workspace) against the server, with tokens vended as rcc gets them.</summary>
public class RccRobotTests(PackageServerFixture fixture) : IClassFixture<PackageServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task NewPushTreePull_AsRccDoesThem()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = await Rcc.NewCredentialAsync(admin);
        using var edit = Rcc.BearerClient(Server, await Rcc.VendAsync(Server, credential, Ws, "edit/robot"));
        using var anonymous = Server.CreateClient();

        var name = Api.Unique("rcc-robot");
        var robot = await Api.PostAsync(edit, $"/robot-v1/workspaces/{Ws}/robots", new { name });
        var robotId = robot["id"]!.GetValue<string>();
        Assert.Equal(name, robot["name"]!.GetValue<string>());
        Assert.Null(robot["package"]);

        var uploadUri = (await Api.GetAsync(edit, $"/robot-v1/workspaces/{Ws}/robots/{robotId}/file/uploadlink"))["uri"]!.GetValue<string>();
        var zip = RobotZips.Valid("pushed by rcc");
        using (var put = new HttpRequestMessage(HttpMethod.Put, uploadUri) { Content = new ByteArrayContent(zip) })
        {
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var pushed = await anonymous.SendAsync(put);
            Assert.Equal(1, (await Api.OkJsonAsync(pushed))["number"]!.GetValue<int>());
        }

        using (var again = await anonymous.PutAsync(uploadUri, new ByteArrayContent(zip)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
            Assert.Equal("upload_url_used", await Json.ErrorCodeAsync(again));
        }

        using var view = Rcc.BearerClient(Server, await Rcc.VendAsync(Server, credential, null, "view/workspaces"));
        var tree = await Api.GetAsync(view, $"/workspace-v1/workspaces/{Ws}/tree");
        Assert.Equal(Ws, tree["id"]!.GetValue<string>());
        var listed = tree["robots"]!.AsArray().Single(r => r!["id"]!.GetValue<string>() == robotId)!;
        Assert.Equal(name, listed["name"]!.GetValue<string>());
        Assert.Equal(1, listed["package"]!["version"]!.GetValue<int>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip)), listed["package"]!["sha256"]!.GetValue<string>());
        Assert.Equal(["Run all tasks", "Produce data"], listed["package"]!["tasks"]!.AsArray().Select(t => t!.GetValue<string>()));

        using var get = Rcc.BearerClient(Server, await Rcc.VendAsync(Server, credential, Ws, "get/robot"));
        var downloadUri = (await Api.GetAsync(get, $"/robot-v1/workspaces/{Ws}/robots/{robotId}/file/downloadlink"))["uri"]!.GetValue<string>();
        Assert.Equal(zip, await anonymous.GetByteArrayAsync(downloadUri));

        // The v1 API sees the same robot, uploaded by the credential's token.
        var package = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{robotId}");
        Assert.Equal("user_token", package["latest_version"]!["uploaded_by"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReadOnlyToken_CannotCreateOrPush()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var credential = await Rcc.NewCredentialAsync(admin);
        var robotId = await Packages.CreateAsync(admin, Ws);
        using var get = Rcc.BearerClient(Server, await Rcc.VendAsync(Server, credential, Ws, "get/robot"));
        using (var create = await get.PostAsync($"/robot-v1/workspaces/{Ws}/robots", Json.Body(new { name = "nope" })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Equal("missing_permission", await LegacyCodeAsync(create));
        }

        using (var upload = await get.GetAsync($"/robot-v1/workspaces/{Ws}/robots/{robotId}/file/uploadlink"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        }

        using var nothingYet = await get.GetAsync($"/robot-v1/workspaces/{Ws}/robots/{robotId}/file/downloadlink");
        Assert.Equal(HttpStatusCode.NotFound, nothingYet.StatusCode);
        Assert.Equal("no_version", await LegacyCodeAsync(nothingYet));
    }

    [Fact]
    public async Task ATokenOfOneWorkspace_FindsNothingInAnother()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var other = await Api.NewWorkspaceAsync(admin);
        var foreignRobot = await Packages.CreateAsync(admin, other);
        var credential = await Rcc.NewCredentialAsync(admin);
        using var edit = Rcc.BearerClient(Server, await Rcc.VendAsync(Server, credential, Ws, "edit/robot"));
        foreach (var path in new[]
                 {
                     $"/robot-v1/workspaces/{other}/robots/{foreignRobot}/file/uploadlink",
                     $"/robot-v1/workspaces/{other}/robots/{foreignRobot}/file/downloadlink",
                     $"/robot-v1/workspaces/{Ws}/robots/{foreignRobot}/file/uploadlink",
                     $"/workspace-v1/workspaces/{other}/tree",
                 })
        {
            using var response = await edit.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        using var create = await edit.PostAsync($"/robot-v1/workspaces/{other}/robots", Json.Body(new { name = "elsewhere" }));
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);

        var tree = await Api.GetAsync(edit, $"/workspace-v1/workspaces/{Ws}/tree");
        Assert.DoesNotContain(tree["robots"]!.AsArray(), r => r!["id"]!.GetValue<string>() == foreignRobot);
    }

    private static async Task<string> LegacyCodeAsync(HttpResponseMessage response) =>
        (await Json.ReadAsync(response))["code"]!.GetValue<string>();
}
