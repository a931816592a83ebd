using System.Net;
using Hangar.Server.Hosting;
using Hangar.Storage.Blobs;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Hangar.Server.Tests;

/// <summary>
/// Blobs on S3 end to end, against the real S3-compatible server test.sh starts: packages, artifacts and item files go to
/// the bucket and come back through Hangar or through presigned URLs, retention deletes them from the bucket, and
/// housekeeping collects blobs whose rows never committed (on either store).
/// </summary>
public class S3BlobTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task PackagesArtifactsAndItemFiles_AreKeptInTheBucket_AndDownloadThroughHangar(DatabaseProvider provider)
    {
        await using var s3 = await TestS3.CreateAsync();
        await using var server = await HangarTestServer.StartAsync(provider, o => OnS3(o, s3));
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        using var client = await RetentionRuns.KeyClientAsync(server, admin, ws);
        var (_, worker) = await Workers.LinkAsync(server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(server, admin, ws);
        var run = await RetentionRuns.CompletedWithFilesAsync(server, client, worker, ws, process, blobsOnDisk: false);
        var package = await Packages.CreateAsync(admin, ws);
        var zip = RobotZips.Valid("on-s3");
        var version = await Packages.UploadAsync(server, admin, ws, package, zip);

        var objects = await s3.ObjectKeysAsync();
        Assert.Contains($"hangar/ws/{ws}/packages/{version["id"]!.GetValue<string>()}.zip", objects);
        Assert.Contains(objects, k => k.StartsWith($"hangar/ws/{ws}/artifacts/{run.StepRunId}/", StringComparison.Ordinal));
        Assert.Contains(objects, k => k.StartsWith($"hangar/ws/{ws}/work-items/{run.ItemId}/", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "blobs", "ws")), "blobs were written to the data directory");

        var artifacts = await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/step-runs/{run.StepRunId}/artifacts");
        var artifactId = artifacts["data"]![0]!["id"]!.GetValue<string>();
        var artifactUrl = (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/step-runs/{run.StepRunId}/artifacts/{artifactId}"))["url"]!
            .GetValue<string>();
        Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/') + "/blobs/download?", artifactUrl, StringComparison.Ordinal);
        using var anonymous = server.CreateClient();
        Assert.Equal("the report", await anonymous.GetStringAsync(artifactUrl));
        var packageUrl = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{package}/download"))["url"]!.GetValue<string>();
        Assert.Equal(zip, await anonymous.GetByteArrayAsync(packageUrl));
    }

    [Fact]
    public async Task PresignedDownloads_AreTheStoresOwnUrls_WhileUploadsStillGoThroughHangar()
    {
        await using var s3 = await TestS3.CreateAsync();
        await using var server = await HangarTestServer.StartAsync(DatabaseProvider.Sqlite, o =>
        {
            OnS3(o, s3);
            o.Blobs.Downloads = BlobStoreSettings.PresignedDownloads;
        });
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        var package = await Packages.CreateAsync(admin, ws);
        var link = await Packages.UploadLinkAsync(admin, ws, package);
        Assert.StartsWith(server.BaseAddress.ToString().TrimEnd('/') + "/blobs/upload", link["url"]!.GetValue<string>(), StringComparison.Ordinal);
        var zip = RobotZips.Valid("presigned");
        await Packages.UploadAsync(server, admin, ws, package, zip);

        var download = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{package}/download");
        var url = download["url"]!.GetValue<string>();
        Assert.StartsWith(TestS3.Endpoint, url, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(zip, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Retention_DeletesAnOldRunsBlobsFromTheBucket(DatabaseProvider provider)
    {
        await using var s3 = await TestS3.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await HangarTestServer.StartAsync(provider, o => OnS3(o, s3), clock);
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        using var client = await RetentionRuns.KeyClientAsync(server, admin, ws);
        await Api.PutAsync(client, $"/api/v1/workspaces/{ws}/settings", new { run_retention_days = 1 });
        var (_, worker) = await Workers.LinkAsync(server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(server, admin, ws);
        var old = await RetentionRuns.CompletedWithFilesAsync(server, client, worker, ws, process, blobsOnDisk: false);
        Assert.Equal(2, (await s3.ObjectKeysAsync()).Count(k => k.Contains(old.StepRunId, StringComparison.Ordinal) || k.Contains(old.ItemId, StringComparison.Ordinal)));

        clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await RetentionRuns.GoneAsync(client, ws, old.RunId), "the expired run was not deleted");
        Assert.True(await EventuallyAsync(async () => !(await s3.ObjectKeysAsync())
                .Any(k => k.Contains(old.StepRunId, StringComparison.Ordinal) || k.Contains(old.ItemId, StringComparison.Ordinal))),
            "the expired run's artifact and item file are still in the bucket");
    }

    [Theory]
    [InlineData("s3", DatabaseProvider.Sqlite)]
    [InlineData("s3", DatabaseProvider.Postgres)]
    [InlineData("filesystem", DatabaseProvider.Sqlite)]
    public async Task Housekeeping_DeletesBlobsNoRowNames_OnceADayOld_AndKeepsEveryBlobARowNames(string store, DatabaseProvider provider)
    {
        await using var s3 = await TestS3.CreateAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await HangarTestServer.StartAsync(provider, o =>
        {
            if (store == "s3")
            {
                OnS3(o, s3);
            }
        }, clock);
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        var package = await Packages.CreateAsync(admin, ws);
        var zip = RobotZips.Valid("kept");
        await Packages.UploadAsync(server, admin, ws, package, zip);

        // What a crash between a blob's write and its row's commit leaves: blobs in Hangar's layout that no row names.
        var orphans = new[] { $"ws/{ws}/artifacts/sr1/a1", $"ws/{ws}/work-items/i1/f1", $"ws/{ws}/packages/v1.zip", $"ws/{ws}/assets/as1/u1" };
        var blobs = (Core.Storage.IBlobStore)server.App.Services.GetService(typeof(Core.Storage.IBlobStore))!;
        foreach (var orphan in orphans)
        {
            await blobs.PutAsync(orphan, new MemoryStream([1, 2, 3]), CancellationToken.None);
        }

        // A day later (plus the first sweep's delay), housekeeping has run.
        clock.Advance(TimeSpan.FromHours(25));
        foreach (var orphan in orphans)
        {
            Assert.True(await EventuallyAsync(async () => !await blobs.ExistsAsync(orphan, CancellationToken.None)), $"{orphan} was not collected");
        }

        // The session of a day ago has ended: a new one.
        using var again = await server.LoginAsAdminAsync();
        var url = (await Api.GetAsync(again, $"/api/v1/workspaces/{ws}/task-packages/{package}/download"))["url"]!.GetValue<string>();
        using var anonymous = server.CreateClient();
        Assert.Equal(zip, await anonymous.GetByteArrayAsync(url));
    }

    private static void OnS3(HangarServerOptions options, TestS3 s3)
    {
        options.WatchdogIntervalSeconds = 300;
        options.Blobs.Location = s3.Location.ToString();
        options.Blobs.S3Endpoint = TestS3.Endpoint;
        options.Blobs.S3ForcePathStyle = true;
        options.Blobs.S3Credentials = TestS3.Credentials;
    }

    /// <summary>Polls a real asynchronous effect (housekeeping runs in the background) for up to 30 s.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
