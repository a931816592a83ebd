using System.Net;
using System.Text.Json.Nodes;
using Hangar.Core.Domain;
using Hangar.Core.Storage;
using Hangar.Storage;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// Reading what step runs leave behind. Workers write artifacts and console lines; here they are written straight
/// to the store and blob store, as the worker's upload would, and read back over both APIs.
/// </summary>
public class StepRunOutputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    private async Task<(string Process, string Run, string StepRun, HttpClient Admin)> RunAsync()
    {
        var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var run = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", new { }))["id"]!.GetValue<string>();
        var stepRun = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs?process_run_id={run}"))["data"]![0]!["id"]!.GetValue<string>();
        return (process, run, stepRun, admin);
    }

    [Fact]
    public async Task Events_StartWithQueued()
    {
        var (_, _, stepRun, admin) = await RunAsync();
        using (admin)
        {
            var events = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs/{stepRun}/events");
            Assert.Equal("queued", Assert.Single(events["data"]!.AsArray())!["event_type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Artifacts_AreListedAndDownloadedThroughSignedUrls_OnBothApis()
    {
        var (process, run, stepRun, admin) = await RunAsync();
        using (admin)
        {
            var content = "<html>log</html>"u8.ToArray();
            string artifactId;
            await using (var scope = Server.App.Services.CreateAsyncScope())
            {
                var key = BlobKeys.Checked($"ws/{Ws}/artifacts/{stepRun}/log.html");
                var stored = await scope.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(key, new MemoryStream(content), CancellationToken.None);
                var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
                var artifact = new Artifact
                {
                    Id = Ids.New(), WorkspaceId = Ws, StepRunId = stepRun, Name = "log.html", Size = stored.Size, Sha256 = stored.Sha256, BlobKey = key,
                    CreatedAt = DateTimeOffset.UtcNow,
                };
                db.Artifacts.Add(artifact);
                await db.SaveChangesAsync();
                artifactId = artifact.Id;
            }

            var list = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs/{stepRun}/artifacts");
            Assert.Equal("log.html", Assert.Single(list["data"]!.AsArray())!["name"]!.GetValue<string>());
            var one = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs/{stepRun}/artifacts/{artifactId}");
            using var anonymous = Server.CreateClient();
            Assert.Equal(content, await anonymous.GetByteArrayAsync(one["url"]!.GetValue<string>()));

            var legacy = JsonNode.Parse(await admin.GetStringAsync($"/process-v1/workspaces/{Ws}/processes/{process}/runs/{run}/robotRuns/{stepRun}/artifacts"))!;
            Assert.Equal("log.html", legacy[0]!["fileName"]!.GetValue<string>());
            var url = JsonNode.Parse(await admin.GetStringAsync(
                $"/process-v1/workspaces/{Ws}/processes/{process}/runs/{run}/robotRuns/{stepRun}/artifacts/{artifactId}/log.html"))!.GetValue<string>();
            Assert.Equal(content, await anonymous.GetByteArrayAsync(url));

            using var wrongName = await admin.GetAsync($"/process-v1/workspaces/{Ws}/processes/{process}/runs/{run}/robotRuns/{stepRun}/artifacts/{artifactId}/other.txt");
            Assert.Equal(HttpStatusCode.NotFound, wrongName.StatusCode);
        }
    }

    [Fact]
    public async Task ConsoleMessages_ComeInOrder_AndPage()
    {
        var (_, _, stepRun, admin) = await RunAsync();
        using (admin)
        {
            await using (var scope = Server.App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
                for (var i = 0; i < 5; i++)
                {
                    db.ConsoleMessages.Add(new ConsoleMessage
                    {
                        StepRunId = stepRun, Sequence = i, WorkspaceId = Ws, Timestamp = DateTimeOffset.UtcNow, Stream = i == 3 ? "stderr" : "stdout",
                        Message = $"line {i}",
                    });
                }

                await db.SaveChangesAsync();
            }

            var first = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs/{stepRun}/console-messages?limit=3");
            Assert.Equal(["line 0", "line 1", "line 2"], first["data"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()));
            var rest = await Api.GetAsync(admin, first["next"]!.GetValue<string>());
            Assert.Equal(["line 3", "line 4"], rest["data"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()));
            Assert.Equal("stderr", rest["data"]![0]!["stream"]!.GetValue<string>());
            Assert.False(rest["has_more"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task ConsoleMessages_AfterSequence_StartAfterALineAlreadyRead_AndABadValueIsRefused()
    {
        var (_, _, stepRun, admin) = await RunAsync();
        using (admin)
        {
            await using (var scope = Server.App.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
                for (var i = 0; i < 5; i++)
                {
                    db.ConsoleMessages.Add(new ConsoleMessage
                    {
                        StepRunId = stepRun, Sequence = i, WorkspaceId = Ws, Timestamp = DateTimeOffset.UtcNow, Stream = "stdout", Message = $"line {i}",
                    });
                }

                await db.SaveChangesAsync();
            }

            var path = $"/api/v1/workspaces/{Ws}/step-runs/{stepRun}/console-messages";
            var after = await Api.GetAsync(admin, $"{path}?after_sequence=1&limit=2");
            Assert.Equal(["line 2", "line 3"], after["data"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()));
            var rest = await Api.GetAsync(admin, after["next"]!.GetValue<string>());
            Assert.Equal(["line 4"], rest["data"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()));
            Assert.Empty((await Api.GetAsync(admin, $"{path}?after_sequence=4"))["data"]!.AsArray());

            using var bad = await admin.GetAsync($"{path}?after_sequence=-1");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("invalid_after_sequence", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task UnknownStepRunsAndArtifacts_AreNotFound()
    {
        var (_, _, stepRun, admin) = await RunAsync();
        using (admin)
        {
            foreach (var path in new[]
                     {
                         $"/api/v1/workspaces/{Ws}/step-runs/{Guid.CreateVersion7()}/events",
                         $"/api/v1/workspaces/{Ws}/step-runs/{stepRun}/artifacts/{Guid.CreateVersion7()}",
                         $"/api/v1/workspaces/{Ws}/step-runs/nope/console-messages",
                     })
            {
                using var response = await admin.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
    }
}
