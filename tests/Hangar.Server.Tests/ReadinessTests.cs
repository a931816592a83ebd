using System.Net;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary><c>/readyz</c> as a load balancer reads it: each dependency's state, and 503 with the reason when one is down.</summary>
public sealed class ReadinessTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Readyz_ReportsEachDependencyUp_WhenAllAre(DatabaseProvider provider)
    {
        await using var server = await HangarTestServer.StartAsync(provider);
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/readyz");
        var body = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Null(body["reason"]);
        Assert.Equal("up", body["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("up", body["checks"]!["blob_store"]!["status"]!.GetValue<string>());
        Assert.Equal("up", body["checks"]!["leadership"]!["status"]!.GetValue<string>());
        Assert.Contains(body["checks"]!["leadership"]!["role"]!.GetValue<string>(), new[] { "leader", "follower" });
    }

    [Fact]
    public async Task Readyz_Is503NamingTheBlobStore_WhileItsFolderCannotBeUsed_AndReadyAgainAfterwards()
    {
        var blobs = Path.Combine(TempDirectory.Create("hangar-readyz-blobs"), "blobs");
        await using var server = await HangarTestServer.StartAsync(configure: o => o.Blobs.Location = blobs);
        using var client = server.CreateClient();
        try
        {
            // A file where the folder should be: nothing can be written there, as on a lost mount.
            if (Directory.Exists(blobs))
            {
                Directory.Delete(blobs, recursive: true);
            }

            await File.WriteAllTextAsync(blobs, "not a folder");
            using (var response = await client.GetAsync("/readyz"))
            {
                var body = await Json.ReadAsync(response);
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body.ToJsonString());
                Assert.Equal("unavailable", body["status"]!.GetValue<string>());
                Assert.StartsWith("blob store: ", body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Equal("down", body["checks"]!["blob_store"]!["status"]!.GetValue<string>());
                Assert.Equal("up", body["checks"]!["database"]!["status"]!.GetValue<string>());
                Assert.DoesNotContain(blobs, body.ToJsonString(), StringComparison.Ordinal);
            }

            File.Delete(blobs);
            using (var response = await client.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            if (File.Exists(blobs))
            {
                File.Delete(blobs);
            }

            TempDirectory.TryDelete(Path.GetDirectoryName(blobs)!);
        }
    }

    [Fact]
    public async Task Readyz_FollowsTheS3Bucket_UpWhileItAnswers_503NamingTheBlobStoreWhenItIsGone()
    {
        var s3 = await TestS3.CreateAsync();
        await using var server = await HangarTestServer.StartAsync(DatabaseProvider.Sqlite, o =>
        {
            o.Blobs.Location = s3.Location.ToString();
            o.Blobs.S3Endpoint = TestS3.Endpoint;
            o.Blobs.S3ForcePathStyle = true;
            o.Blobs.S3Credentials = TestS3.Credentials;
        });
        using var client = server.CreateClient();
        using (var response = await client.GetAsync("/readyz"))
        {
            var body = await Json.ReadAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
            Assert.Equal("up", body["checks"]!["blob_store"]!["status"]!.GetValue<string>());
        }

        // The bucket is deleted under the running server.
        await s3.DisposeAsync();
        using (var response = await client.GetAsync("/readyz"))
        {
            var body = await Json.ReadAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body.ToJsonString());
            Assert.StartsWith("blob store: ", body["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain(s3.Bucket, body.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Readyz_SaysWhichNodeLeads_OnPostgres()
    {
        await using var first = await HangarTestServer.StartAsync(DatabaseProvider.Postgres);
        await using var second = await HangarTestServer.JoinAsync(first);
        var roles = new List<string>();
        for (var i = 0; i < 200 && !roles.Contains("leader"); i++)
        {
            roles.Clear();
            foreach (var node in new[] { first, second })
            {
                using var client = node.CreateClient();
                using var response = await client.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                roles.Add((await Json.ReadAsync(response))["checks"]!["leadership"]!["role"]!.GetValue<string>());
            }

            await Task.Delay(100);
        }

        Assert.Equal(new[] { "follower", "leader" }, roles.Order());
    }
}
