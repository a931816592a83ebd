using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// <c>hangar admin migrate-blobs</c> as an admin runs it (the real executable) on an install whose blobs are files:
/// every blob copied to S3 and verified, a repeated run copies only what is missing or wrong, a failure exits non-zero,
/// and the install then serves every file from S3.
/// </summary>
public class MigrateBlobsTests
{
    [Fact]
    public async Task MigrateBlobs_CopiesAndVerifiesEveryBlob_IsSafeToRunAgain_AndTheInstallThenServesItsFilesFromS3()
    {
        await using var s3 = await TestS3.CreateAsync();
        var server = await HangarTestServer.StartAsync(DatabaseProvider.Sqlite, o => o.WatchdogIntervalSeconds = 300);
        await using var __ = server;
        string ws, package, artifactId;
        byte[] zip;
        FinishedRun run;
        using (var admin = await server.LoginAsAdminAsync())
        {
            ws = server.DefaultWorkspaceId;
            using var client = await RetentionRuns.KeyClientAsync(server, admin, ws);
            var (_, worker) = await Workers.LinkAsync(server, admin, ws);
            using var _ = worker;
            var process = await Workers.ProcessAsync(server, admin, ws);
            run = await RetentionRuns.CompletedWithFilesAsync(server, client, worker, ws, process);
            package = await Packages.CreateAsync(admin, ws);
            zip = RobotZips.Valid("moved");
            await Packages.UploadAsync(server, admin, ws, package, zip);
            artifactId = (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/step-runs/{run.StepRunId}/artifacts"))["data"]![0]!["id"]!.GetValue<string>();
        }

        await server.StopAsync();
        string[] Migrate(string to) => ["admin", "migrate-blobs", "--data-dir", server.DataDirectory, "--to", to];
        var environment = new Dictionary<string, string>(TestS3.ProcessEnvironment());

        var (exit, output) = await HangarProcess.RunAsync(Migrate(s3.Location.ToString()), environment);
        Assert.True(exit == 0, output);
        Assert.Contains("Checked 3 blobs", output, StringComparison.Ordinal);
        Assert.Contains("3 copied and verified", output, StringComparison.Ordinal);
        Assert.Contains("0 failed", output, StringComparison.Ordinal);
        var objects = await s3.ObjectKeysAsync();
        Assert.Equal(3, objects.Count);
        Assert.All(objects, k => Assert.StartsWith($"hangar/ws/{ws}/", k, StringComparison.Ordinal));

        // A copy that went missing and one that is wrong are copied again; the verified one is left alone.
        var artifactObject = objects.Single(k => k.Contains("/artifacts/", StringComparison.Ordinal));
        var itemFileObject = objects.Single(k => k.Contains("/work-items/", StringComparison.Ordinal));
        await s3.DeleteObjectAsync(artifactObject);
        await s3.PutObjectAsync(itemFileObject, "not the file"u8.ToArray());
        (exit, output) = await HangarProcess.RunAsync(Migrate(s3.Location.ToString()), environment);
        Assert.True(exit == 0, output);
        Assert.Contains("2 copied and verified", output, StringComparison.Ordinal);
        Assert.Contains("1 already there and verified", output, StringComparison.Ordinal);
        (exit, output) = await HangarProcess.RunAsync(Migrate(s3.Location.ToString()), environment);
        Assert.True(exit == 0, output);
        Assert.Contains("0 copied and verified", output, StringComparison.Ordinal);
        Assert.Contains("3 already there and verified", output, StringComparison.Ordinal);

        // The install moved: a node on S3 (the same database) serves the package, the artifact and the item file.
        await using var moved = await HangarTestServer.JoinAsync(server, o =>
        {
            o.WatchdogIntervalSeconds = 300;
            o.Blobs.Location = s3.Location.ToString();
            o.Blobs.S3Endpoint = TestS3.Endpoint;
            o.Blobs.S3ForcePathStyle = true;
            o.Blobs.S3Credentials = TestS3.Credentials;
        });
        using var again = await moved.LoginAsAdminAsync();
        using var anonymous = moved.CreateClient();
        var packageUrl = (await Api.GetAsync(again, $"/api/v1/workspaces/{ws}/task-packages/{package}/download"))["url"]!.GetValue<string>();
        Assert.Equal(zip, await anonymous.GetByteArrayAsync(packageUrl));
        var artifactUrl = (await Api.GetAsync(again, $"/api/v1/workspaces/{ws}/step-runs/{run.StepRunId}/artifacts/{artifactId}"))["url"]!.GetValue<string>();
        Assert.Equal("the report", await anonymous.GetStringAsync(artifactUrl));
        var item = await Api.GetAsync(again, $"/api/v1/workspaces/{ws}/work-items/{run.ItemId}");
        var fileId = item["files"]![0]!["id"]!.GetValue<string>();
        var blobs = (Core.Storage.IBlobStore)moved.App.Services.GetService(typeof(Core.Storage.IBlobStore))!;
        await using var file = await blobs.OpenReadAsync($"ws/{ws}/work-items/{run.ItemId}/{fileId}", CancellationToken.None);
        Assert.NotNull(file);
        Assert.Equal("a file of the item", await new StreamReader(file.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task MigrateBlobs_ExitsNonZero_WhenABlobCannotBeCopied_AndRefusesATargetThatIsNotS3()
    {
        var server = await HangarTestServer.StartAsync(DatabaseProvider.Sqlite, o => o.WatchdogIntervalSeconds = 300);
        await using var __ = server;
        using (var admin = await server.LoginAsAdminAsync())
        {
            var package = await Packages.CreateAsync(admin, server.DefaultWorkspaceId);
            await Packages.UploadAsync(server, admin, server.DefaultWorkspaceId, package, RobotZips.Valid("stays"));
        }

        await server.StopAsync();
        var environment = new Dictionary<string, string>(TestS3.ProcessEnvironment());

        // No such bucket: the blob fails, the run says so and exits non-zero.
        var (exit, output) = await HangarProcess.RunAsync(
            ["admin", "migrate-blobs", "--data-dir", server.DataDirectory, "--to", "s3://no-such-bucket-" + Guid.NewGuid().ToString("N")[..12] + "/x"], environment);
        Assert.Equal(1, exit);
        Assert.Contains("1 failed", output, StringComparison.Ordinal);
        Assert.Contains("run the command again", output, StringComparison.Ordinal);

        (exit, output) = await HangarProcess.RunAsync(["admin", "migrate-blobs", "--data-dir", server.DataDirectory, "--to", "/tmp/elsewhere"], environment);
        Assert.Equal(2, exit);
        Assert.Contains("is not an s3://bucket/prefix location", output, StringComparison.Ordinal);
    }
}
