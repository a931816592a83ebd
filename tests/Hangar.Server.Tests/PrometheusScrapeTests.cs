using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>A real Prometheus scrapes a server's /metrics and answers PromQL over it, the shipped dashboard's queries included.</summary>
[Collection(MetricsScrapers.Name)]
public class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_ScrapesTheRunsStartedCounter_AndTheDashboardsQueriesAreValidPromQl()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.MetricsUrls = "http://127.0.0.1:0");
        await MetricsTests.TriggerAsync(server, runs: 3);
        await using var prometheus = await PrometheusServer.StartAsync(server.MetricsUrl!);

        double? started = null;
        await prometheus.WaitAsync(async () =>
        {
            started = await prometheus.ScalarAsync("sum(hangar_runs_started_total{job=\"hangar\",surface=\"v1\",outcome=\"started\"})");
            return started >= 3;
        }, "a scrape with the three runs");
        Assert.True(started >= 3);
        Assert.NotNull(await prometheus.ScalarAsync("up{job=\"hangar\"} == 1"));

        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "grafana-dashboard.json")))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(expressions);
        foreach (var expression in expressions)
        {
            await prometheus.QueryAsync(expression);
        }

        // A query over a metric the dashboard names is answered from what Prometheus scraped, not only parsed.
        Assert.NotNull(await prometheus.ScalarAsync("sum(hangar_db_group_commit_size_count)"));
    }
}
