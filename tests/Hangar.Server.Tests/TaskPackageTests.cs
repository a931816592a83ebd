using System.Net;
using System.Security.Cryptography;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Task packages over v1 and their zips over signed URLs, used as a client uses them.</summary>
public class TaskPackageTests(PackageServerFixture fixture) : IClassFixture<PackageServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task CreateUploadDownloadDelete_AsAClientDoesIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var anonymous = Server.CreateClient();
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages", new { name = "Invoice robot" });
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("Invoice robot", created["name"]!.GetValue<string>());
        Assert.Null(created["latest_version"]);

        using (var nothingYet = await admin.GetAsync($"/api/v1/workspaces/{Ws}/task-packages/{id}/download"))
        {
            Assert.Equal(HttpStatusCode.NotFound, nothingYet.StatusCode);
            Assert.Equal("no_version", await Json.ErrorCodeAsync(nothingYet));
        }

        var link = await Packages.UploadLinkAsync(admin, Ws, id);
        Assert.StartsWith(Server.BaseAddress.ToString().TrimEnd('/') + "/blobs/", link["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(link["expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow);
        var first = RobotZips.Valid("first");
        using (var upload = await Packages.PostAsync(anonymous, link, first))
        {
            var version = await Api.OkJsonAsync(upload);
            Assert.Equal(1, version["number"]!.GetValue<int>());
        }

        var package = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}");
        var latest = package["latest_version"]!;
        Assert.Equal(1, latest["number"]!.GetValue<int>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), latest["sha256"]!.GetValue<string>());
        Assert.Equal(first.Length, latest["size"]!.GetValue<long>());
        Assert.Equal(["Run all tasks", "Produce data"], latest["tasks"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("user", latest["uploaded_by"]!["type"]!.GetValue<string>());
        Assert.Equal("admin", latest["uploaded_by"]!["name"]!.GetValue<string>());
        Assert.NotNull(latest["uploaded_at"]);

        var second = RobotZips.Valid("second", folder: "invoice-robot/");
        var v2 = await Packages.UploadAsync(Server, admin, Ws, id, second);
        Assert.Equal(2, v2["number"]!.GetValue<int>());
        Assert.Equal("invoice-robot", v2["robot_root"]!.GetValue<string>());
        var versions = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/versions");
        Assert.Equal([2, 1], versions["data"]!.AsArray().Select(v => v!["number"]!.GetValue<int>()));
        var listed = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages?limit=500"))["data"]!.AsArray()
            .Single(p => p!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(2, listed["latest_version"]!["number"]!.GetValue<int>());

        var download = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/download");
        var downloadUrl = download["url"]!.GetValue<string>();
        using (var zip = await anonymous.GetAsync(downloadUrl))
        {
            Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
            Assert.Equal(second, await zip.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
            Assert.Equal(second.Length, zip.Content.Headers.ContentLength);
            Assert.Equal("Invoice_robot.zip", zip.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        }

        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}"))
        {
            var deleted = await Api.OkJsonAsync(delete);
            Assert.Equal(id, deleted["id"]!.GetValue<string>());
            Assert.True(deleted["deleted"]!.GetValue<bool>());
        }

        using (var gone = await admin.GetAsync($"/api/v1/workspaces/{Ws}/task-packages/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        using (var zipGone = await anonymous.GetAsync(downloadUrl))
        {
            Assert.Equal(HttpStatusCode.NotFound, zipGone.StatusCode);
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(Server.DataDirectory, "blobs", "ws", Ws), "*", SearchOption.AllDirectories),
            f => f.Contains(v2["id"]!.GetValue<string>(), StringComparison.Ordinal));
        using var audit = await admin.GetAsync($"/api/v1/workspaces/{Ws}/audit-events?limit=500");
        var auditText = await audit.Content.ReadAsStringAsync();
        Assert.Contains("task_package.version_uploaded", auditText, StringComparison.Ordinal);
        Assert.Contains("task_package.deleted", auditText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUploadUrl_WorksOnce_AndRecordsTheKeyThatAskedForIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadTaskPackages, Permissions.WriteTaskPackages);
        using var client = Api.KeyClient(Server, key);
        using var anonymous = Server.CreateClient();
        var id = await Packages.CreateAsync(client, Ws);
        var link = await Packages.UploadLinkAsync(client, Ws, id);
        using (var first = await Packages.PostAsync(anonymous, link, RobotZips.Valid("a")))
        {
            Assert.Equal("api_key", (await Api.OkJsonAsync(first))["uploaded_by"]!["type"]!.GetValue<string>());
        }

        using (var again = await Packages.PostAsync(anonymous, link, RobotZips.Valid("b")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
            Assert.Equal("upload_url_used", await Json.ErrorCodeAsync(again));
        }

        using (var asPut = await anonymous.PutAsync(Packages.PutUrl(link), new ByteArrayContent(RobotZips.Valid("c"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asPut.StatusCode);
            Assert.Equal("upload_url_used", await Json.ErrorCodeAsync(asPut));
        }

        var versions = await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/task-packages/{id}/versions");
        Assert.Single(versions["data"]!.AsArray());
    }

    [Fact]
    public async Task AlteredUrls_AreRefused_WithoutTouchingThePackage()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var anonymous = Server.CreateClient();
        var id = await Packages.CreateAsync(admin, Ws);
        await Packages.UploadAsync(Server, admin, Ws, id, RobotZips.Valid());
        var link = await Packages.UploadLinkAsync(admin, Ws, id);
        var policy = link["form_data"]!["policy"]!.GetValue<string>();
        var signature = link["form_data"]!["signature"]!.GetValue<string>();

        var forgedPolicy = link.DeepClone();
        forgedPolicy["form_data"]!["policy"] = policy[..^2] + (policy[^2] == 'A' ? "B" : "A") + policy[^1];
        var forgedSignature = link.DeepClone();
        forgedSignature["form_data"]!["signature"] = signature[..^2] + (signature[^2] == 'A' ? "B" : "A") + signature[^1];
        var unsigned = link.DeepClone();
        unsigned["form_data"]!.AsObject().Remove("signature");
        foreach (var bad in new[] { forgedPolicy, forgedSignature, unsigned })
        {
            using var response = await Packages.PostAsync(anonymous, bad, RobotZips.Valid("forged"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("invalid_signature", await Json.ErrorCodeAsync(response));
        }

        var downloadUrl = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/download"))["url"]!.GetValue<string>();
        var tampered = downloadUrl.Replace("signature=", "signature=x", StringComparison.Ordinal);
        using (var response = await anonymous.GetAsync(tampered))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("invalid_signature", await Json.ErrorCodeAsync(response));
        }

        using (var downloadAsUpload = await anonymous.PutAsync(downloadUrl.Replace("/blobs/download", "/blobs/upload", StringComparison.Ordinal),
                   new ByteArrayContent(RobotZips.Valid())))
        {
            Assert.Equal(HttpStatusCode.Forbidden, downloadAsUpload.StatusCode);
            Assert.Equal("wrong_url_operation", await Json.ErrorCodeAsync(downloadAsUpload));
        }

        using (var uploadAsDownload = await anonymous.GetAsync(Packages.PutUrl(link).Replace("/blobs/upload", "/blobs/download", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, uploadAsDownload.StatusCode);
            Assert.Equal("wrong_url_operation", await Json.ErrorCodeAsync(uploadAsDownload));
        }

        using (var bare = await anonymous.GetAsync("/blobs/download"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
            Assert.Equal("invalid_signature", await Json.ErrorCodeAsync(bare));
        }

        var versions = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/versions");
        Assert.Single(versions["data"]!.AsArray());
    }

    [Fact]
    public async Task OversizedUploads_Are413_AndLeaveNothingBehind()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var anonymous = Server.CreateClient();
        var id = await Packages.CreateAsync(admin, Ws);
        var link = await Packages.UploadLinkAsync(admin, Ws, id);

        // Far over the limit: refused on the announced length, before the body is sent.
        using (var announced = await Packages.PostAsync(anonymous, link, RobotZips.WithPadding((int)PackageServerFixture.MaxPackageBytes * 2), expectContinue: true))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
            Assert.Equal("package_too_large", await Json.ErrorCodeAsync(announced));
        }

        // Just over: within the form's allowance, so refused while the file streams in.
        using (var streamed = await Packages.PostAsync(anonymous, link, RobotZips.WithPadding((int)PackageServerFixture.MaxPackageBytes + 1024)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
            Assert.Equal("package_too_large", await Json.ErrorCodeAsync(streamed));
        }

        using (var put = new HttpRequestMessage(HttpMethod.Put, Packages.PutUrl(link)))
        {
            put.Content = new ByteArrayContent(RobotZips.WithPadding((int)PackageServerFixture.MaxPackageBytes * 2));
            put.Headers.ExpectContinue = true;
            using var response = await anonymous.SendAsync(put);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("package_too_large", await Json.ErrorCodeAsync(response));
        }

        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/versions"))["data"]!.AsArray());
        AssertNoTemporaryFiles();

        // A refused upload does not use up the URL.
        using var fine = await Packages.PostAsync(anonymous, link, RobotZips.Valid());
        await Api.OkJsonAsync(fine);
    }

    [Fact]
    public async Task ZipsThatFailTheChecks_Are400_WithTheReason()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var anonymous = Server.CreateClient();
        var id = await Packages.CreateAsync(admin, Ws);
        var link = await Packages.UploadLinkAsync(admin, Ws, id);
        foreach (var (zip, code) in new[]
                 {
                     ("not a zip"u8.ToArray(), "invalid_zip"),
                     (Array.Empty<byte>(), "invalid_zip"),
                     (RobotZips.Build(("readme.md", "hello")), "missing_robot_yaml"),
                     (RobotZips.Valid(robotYaml: "tasks: [unclosed"), "invalid_robot_yaml"),
                     (RobotZips.Valid(robotYaml: "tasks:\n  Both:\n    shell: a\n    command: [b]\n"), "invalid_task"),
                     (RobotZips.Build(("robot.yaml", RobotZips.RobotYaml), ("../escape.sh", "rm -rf /")), "unsafe_zip_entry"),
                     // One would overwrite the other on Windows and macOS.
                     (RobotZips.Build(("robot.yaml", RobotZips.RobotYaml), ("tasks.py", "a"), ("Tasks.py", "b")), "zip_entry_case_conflict"),
                     (RobotZips.Build(("robot.yaml", RobotZips.RobotYaml), ("lib/a.py", "a"), ("Lib/b.py", "b")), "zip_entry_case_conflict"),
                 })
        {
            using var response = await Packages.PostAsync(anonymous, link, zip);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
        }

        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/versions"))["data"]!.AsArray());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task AnUploadCutShort_WithoutCredentials_Is400_AndLeavesNothingBehind()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var id = await Packages.CreateAsync(admin, Ws);
        var link = await Packages.UploadLinkAsync(admin, Ws, id);
        var zip = RobotZips.Valid();
        var form = string.Concat(link["form_data"]!.AsObject().Select(f => $"--b\r\nContent-Disposition: form-data; name=\"{f.Key}\"\r\n\r\n{f.Value}\r\n"))
                   + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"robot.zip\"\r\nContent-Type: application/zip\r\n\r\n";
        using var anonymous = Server.CreateClient();
        // The whole zip, but the form's closing boundary never comes.
        using var content = new ByteArrayContent([.. System.Text.Encoding.ASCII.GetBytes(form), .. zip]);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        using var response = await anonymous.PostAsync(link["url"]!.GetValue<string>(), content);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("invalid_upload", await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{id}/versions"))["data"]!.AsArray());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task MalformedUploadRequests_Are400()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var anonymous = Server.CreateClient();
        var id = await Packages.CreateAsync(admin, Ws);
        var link = await Packages.UploadLinkAsync(admin, Ws, id);
        using (var json = await anonymous.PostAsync(link["url"]!.GetValue<string>(), Json.Body(new { file = "robot.zip" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
            Assert.Equal("invalid_upload", await Json.ErrorCodeAsync(json));
        }

        using var noFile = new MultipartFormDataContent();
        foreach (var (name, value) in link["form_data"]!.AsObject())
        {
            noFile.Add(new StringContent(value!.GetValue<string>()), name);
        }

        using var response = await anonymous.PostAsync(link["url"]!.GetValue<string>(), noFile);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_upload", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task ExpiredUrls_Are403()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await HangarTestServer.StartAsync(configure: o => o.SignedUrlLifetimeSeconds = 60, time: clock);
        using var admin = await server.LoginAsAdminAsync();
        using var anonymous = server.CreateClient();
        var ws = server.DefaultWorkspaceId;
        var id = await Packages.CreateAsync(admin, ws);
        await Packages.UploadAsync(server, admin, ws, id, RobotZips.Valid());
        var upload = await Packages.UploadLinkAsync(admin, ws, id);
        var download = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{id}/download"))["url"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromSeconds(61));

        using (var late = await Packages.PostAsync(anonymous, upload, RobotZips.Valid("late")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
            Assert.Equal("url_expired", await Json.ErrorCodeAsync(late));
        }

        using var lateDownload = await anonymous.GetAsync(download);
        Assert.Equal(HttpStatusCode.Forbidden, lateDownload.StatusCode);
        Assert.Equal("url_expired", await Json.ErrorCodeAsync(lateDownload));
    }

    [Fact]
    public async Task PackagesOfAnotherWorkspace_AreNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var other = await Api.NewWorkspaceAsync(admin);
        var foreign = await Packages.CreateAsync(admin, other);
        foreach (var path in new[] { "", "/versions", "/upload", "/download" })
        {
            using var response = await admin.GetAsync($"/api/v1/workspaces/{Ws}/task-packages/{foreign}{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{foreign}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.ReadTaskPackages, Permissions.WriteTaskPackages);
        using var client = Api.KeyClient(Server, key);
        using var viaKey = await client.GetAsync($"/api/v1/workspaces/{other}/task-packages/{foreign}");
        Assert.Equal(HttpStatusCode.NotFound, viaKey.StatusCode);
        await Api.GetAsync(admin, $"/api/v1/workspaces/{other}/task-packages/{foreign}");
    }

    [Fact]
    public async Task Names_AreRequiredAndUniqueInTheWorkspace()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("robot");
        await Packages.CreateAsync(admin, Ws, name);
        using (var taken = await admin.PostAsync($"/api/v1/workspaces/{Ws}/task-packages", Json.Body(new { name })))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
            Assert.Equal("name_taken", await Json.ErrorCodeAsync(taken));
        }

        using var empty = await admin.PostAsync($"/api/v1/workspaces/{Ws}/task-packages", Json.Body(new { name = " " }));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("invalid_name", await Json.ErrorCodeAsync(empty));
    }

    private void AssertNoTemporaryFiles()
    {
        foreach (var folder in new[] { Path.Combine(Server.DataDirectory, "tmp"), Path.Combine(Server.DataDirectory, "blobs", ".tmp") })
        {
            Assert.True(!Directory.Exists(folder) || !Directory.EnumerateFiles(folder).Any(), $"files left in {folder}");
        }
    }
}
