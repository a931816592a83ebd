using System.Net;
using System.Net.Http.Headers;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>An upload URL works only while the credential that asked for it is still valid; a refused upload stores nothing.</summary>
public class UploadGrantorTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task UploadUrl_IsRefused_OnceTheKeyThatAskedForItIsDeleted()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (keyId, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadTaskPackages, Permissions.WriteTaskPackages);
        using var client = Api.KeyClient(Server, key);
        var package = await Packages.CreateAsync(client, Ws);
        var link = await Packages.UploadLinkAsync(client, Ws, package);
        var spare = await Packages.UploadLinkAsync(client, Ws, package);

        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{Ws}/api-keys/{keyId}");

        using var anonymous = Server.CreateClient();
        using (var form = await Packages.PostAsync(anonymous, link, RobotZips.Valid("after delete")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
            Assert.Equal("upload_url_revoked", await Json.ErrorCodeAsync(form));
        }

        // rcc's form of the same kind of URL: a PUT of the raw zip.
        using (var put = await anonymous.PutAsync(Packages.PutUrl(spare), Zip(RobotZips.Valid("after delete, put"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
            Assert.Equal("upload_url_revoked", await Json.ErrorCodeAsync(put));
        }

        await AssertNoVersionAsync(admin, package);
    }

    [Fact]
    public async Task UploadUrl_IsRefused_OnceTheSessionThatAskedForItHasEnded()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, developer) = await Api.NewMemberAsync(Server, admin, "developer");
        using (developer)
        {
            var package = await Packages.CreateAsync(developer, Ws);
            var link = await Packages.UploadLinkAsync(developer, Ws, package);
            using (var logout = await developer.PostAsync("/api/v1/auth/logout", Json.Body(new { })))
            {
                Assert.True(logout.IsSuccessStatusCode);
            }

            using var anonymous = Server.CreateClient();
            using var upload = await Packages.PostAsync(anonymous, link, RobotZips.Valid("after logout"));
            Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
            Assert.Equal("upload_url_revoked", await Json.ErrorCodeAsync(upload));
            await AssertNoVersionAsync(admin, package);
        }
    }

    [Fact]
    public async Task UploadUrl_IsRefused_OnceItsUserIsDisabled_AndWorksWhileTheyAreNot()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (userId, developer) = await Api.NewMemberAsync(Server, admin, "developer");
        using (developer)
        {
            var package = await Packages.CreateAsync(developer, Ws);
            var used = await Packages.UploadLinkAsync(developer, Ws, package);
            var kept = await Packages.UploadLinkAsync(developer, Ws, package);
            using var anonymous = Server.CreateClient();
            using (var upload = await Packages.PostAsync(anonymous, used, RobotZips.Valid("while enabled")))
            {
                Assert.Equal(1, (await Api.OkJsonAsync(upload))["number"]!.GetValue<int>());
            }

            await Api.PostAsync(admin, $"/api/v1/users/{userId}/disable", new { });
            using (var refused = await Packages.PostAsync(anonymous, kept, RobotZips.Valid("after disable")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
                Assert.Equal("upload_url_revoked", await Json.ErrorCodeAsync(refused));
            }

            var versions = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{package}/versions");
            Assert.Single(versions["data"]!.AsArray());
        }
    }

    [Fact]
    public async Task RccUploadLink_IsRefused_OnceTheAccessCredentialBehindItsTokenIsDeleted()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var created = await Api.PostAsync(admin, "/api/v1/users/me/access-credentials", new { name = Api.Unique("rcc") });
        using var edit = Rcc.BearerClient(Server, await Rcc.VendAsync(Server, created["credential"]!.GetValue<string>(), Ws, "edit/robot"));
        var robot = (await Api.PostAsync(edit, $"/robot-v1/workspaces/{Ws}/robots", new { name = Api.Unique("rcc-robot") }))["id"]!.GetValue<string>();
        var uploadUri = (await Api.GetAsync(edit, $"/robot-v1/workspaces/{Ws}/robots/{robot}/file/uploadlink"))["uri"]!.GetValue<string>();

        await Api.DeleteJsonAsync(admin, $"/api/v1/users/me/access-credentials/{created["id"]!.GetValue<string>()}");

        using var anonymous = Server.CreateClient();
        using var put = await anonymous.PutAsync(uploadUri, Zip(RobotZips.Valid("pushed after forget")));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("upload_url_revoked", await Json.ErrorCodeAsync(put));
        await AssertNoVersionAsync(admin, robot);
    }

    private async Task AssertNoVersionAsync(HttpClient admin, string package)
    {
        var found = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{package}");
        Assert.Null(found["latest_version"]);
        var versions = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{package}/versions");
        Assert.Empty(versions["data"]!.AsArray());
    }

    private static ByteArrayContent Zip(byte[] zip)
    {
        var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }
}
