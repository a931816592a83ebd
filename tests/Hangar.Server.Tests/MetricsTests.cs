using System.Net;
using Hangar.Core.Security;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>/metrics as Prometheus reads it: on the management listener only, off without it, no workspace labels unless asked.</summary>
/// <remarks>
/// One at a time with the other tests that scrape: a server reads every meter named Hangar in its process, so two
/// sampling servers at once would mix their gauges.
/// </remarks>
[Collection(MetricsScrapers.Name)]
public class MetricsTests
{
    [Fact]
    public async Task Metrics_AreServedOnTheManagementListener_AndNeverOnThePublicOne()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.MetricsUrls = "http://127.0.0.1:0");
        var metricsUrl = Assert.IsType<Uri>(server.MetricsUrl);
        await TriggerAsync(server, runs: 2);

        using var scraper = new HttpClient();
        using var scrape = await scraper.GetAsync(metricsUrl);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("# HELP hangar_runs_started_total Runs a trigger asked for", text);
        Assert.Contains("hangar_runs_started_total{otel_scope_name=\"Hangar\",outcome=\"started\",surface=\"v1\"}", text);
        Assert.Contains("hangar_db_group_commit_size", text);
        Assert.DoesNotContain(server.DefaultWorkspaceId, text);

        // The public listener has no /metrics, and the management listener serves nothing else.
        using var client = server.CreateClient();
        using (var onPublic = await client.GetAsync("/metrics"))
        {
            Assert.NotEqual(HttpStatusCode.OK, onPublic.StatusCode);
            Assert.DoesNotContain("hangar_runs_started_total", await onPublic.Content.ReadAsStringAsync());
        }

        using (var other = await scraper.GetAsync(new Uri(metricsUrl, "/api/v1/users/me")))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
    }

    [Fact]
    public async Task Metrics_AreOff_WithoutMetricsUrls()
    {
        await using var server = await HangarTestServer.StartAsync();
        Assert.Null(server.MetricsUrl);
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/metrics");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("hangar_runs_started_total", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WorkspaceIds_BecomeLabels_OnlyWithMetricsWorkspaceLabels()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o =>
        {
            o.MetricsUrls = "http://127.0.0.1:0";
            o.MetricsWorkspaceLabels = true;
        });
        await TriggerAsync(server, runs: 1);
        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync(server.MetricsUrl);
        Assert.Contains($"workspace_id=\"{server.DefaultWorkspaceId}\"", text);
    }

    [Fact]
    public async Task RefusedTriggers_AndFailedAuthentications_AreCounted()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.MetricsUrls = "http://127.0.0.1:0");
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses);
        using var client = Api.KeyClient(server, key);
        using (var refused = await client.PostAsync($"/api/v1/workspaces/{ws}/processes/{Core.Domain.Ids.New()}/process-runs", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        using var stranger = Api.KeyClient(server, "not-a-key");
        using (var unauthorized = await stranger.PostAsync($"/api/v1/workspaces/{ws}/processes/{Core.Domain.Ids.New()}/process-runs", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var scraper = new HttpClient();
        var text = await scraper.GetStringAsync(server.MetricsUrl);
        // At least: the unauthorized call counts as an authentication failure too.
        Assert.Matches(@"hangar_runs_started_total\{otel_scope_name=""Hangar"",outcome=""refused"",surface=""v1""\} [1-9]", text);
        Assert.Matches(@"hangar_auth_failures_total\{otel_scope_name=""Hangar""\} [1-9]", text);
    }

    [Fact]
    public async Task EachServer_ExportsOnlyItsOwnMeasurements_WhenServersShareAProcess()
    {
        await using var quiet = await HangarTestServer.StartAsync(configure: o => o.MetricsUrls = "http://127.0.0.1:0");
        await using var busy = await HangarTestServer.StartAsync(configure: o => o.MetricsUrls = "http://127.0.0.1:0");
        await TriggerAsync(busy, 3);

        using var scraper = new HttpClient();
        Assert.Matches(@"hangar_runs_started_total\{otel_scope_name=""Hangar"",outcome=""started"",surface=""v1""\} 3\b",
            await scraper.GetStringAsync(busy.MetricsUrl));
        Assert.DoesNotContain("outcome=\"started\",surface=\"v1\"", await scraper.GetStringAsync(quiet.MetricsUrl), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Gauges_ReportTheQueue_TheWorkers_AndTheLeader(DatabaseProvider provider)
    {
        await using var server = await HangarTestServer.StartAsync(provider, o => o.MetricsUrls = "http://127.0.0.1:0");
        using var admin = await server.LoginAsAdminAsync();
        var ws = server.DefaultWorkspaceId;
        var group = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = Api.Unique("group") }))["id"]!.GetValue<string>();
        var process = await Workers.ProcessAsync(server, admin, ws, groupId: group);
        await Workers.LinkAsync(server, admin, ws);
        await Workers.StartAsync(admin, ws, process, new { n = 1 }, new { n = 2 });

        // The gauges are sampled every few seconds: wait for a sample taken after the start.
        using var scraper = new HttpClient();
        var text = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!text.Contains($"hangar_step_runs_waiting{{otel_scope_name=\"Hangar\",worker_group=\"{group}\"}} 1", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No sample of the queue came: {text}");
            await Task.Delay(500);
            text = await scraper.GetStringAsync(server.MetricsUrl);
        }

        Assert.Matches($@"hangar_step_runs_oldest_waiting_age_seconds\{{otel_scope_name=""Hangar"",worker_group=""{group}""\}} [0-9.]+", text);
        // The worker linked but has not claimed yet: it counts as idle or offline, and busy it is not.
        Assert.Matches(@"hangar_workers\{otel_scope_name=""Hangar"",state=""busy""\} 0", text);
        Assert.Matches(@"hangar_workers\{otel_scope_name=""Hangar"",state=""(idle|offline)""\} [1-9]", text);
        Assert.Matches(@"hangar_leader\{[^}]*node=""[^""]+""[^}]*\} 1", text);
    }

    [Fact]
    public void GaugeSampling_SpacesItselfOut_WhenReadingTheQueueIsSlow()
    {
        Assert.Equal(Observability.MetricsSamplerService.Interval, Observability.MetricsSamplerService.NextDelay(TimeSpan.FromMilliseconds(20)));
        // A second spent counting a deep queue is followed by 49 s without: the sampler keeps to 2 % of one core.
        Assert.Equal(TimeSpan.FromSeconds(49), Observability.MetricsSamplerService.NextDelay(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void MetricsUrls_OnThePublicPort_AreRefusedAtStart()
    {
        var options = new Hosting.HangarServerOptions { Urls = "http://127.0.0.1:8080", MetricsUrls = "http://127.0.0.1:8080" };
        Assert.Contains(options.Validate(), p => p.StartsWith("--metrics-urls:", StringComparison.Ordinal));
        options.MetricsUrls = "https://127.0.0.1:9464/metrics";
        Assert.Contains(options.Validate(), p => p.StartsWith("--metrics-urls:", StringComparison.Ordinal));
        options.MetricsUrls = "http://127.0.0.1:9464";
        Assert.DoesNotContain(options.Validate(), p => p.StartsWith("--metrics-urls:", StringComparison.Ordinal));
    }

    /// <summary>Starts <paramref name="runs"/> runs over v1 with an API key, as an integrator does.</summary>
    internal static async Task TriggerAsync(HangarTestServer server, int runs)
    {
        using var admin = await server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, server.DefaultWorkspaceId, Permissions.TriggerProcesses);
        using var client = Api.KeyClient(server, key);
        for (var i = 0; i < runs; i++)
        {
            using var response = await client.PostAsync($"/api/v1/workspaces/{server.DefaultWorkspaceId}/processes/{process}/process-runs", null);
            await Api.OkJsonAsync(response);
        }
    }
}
