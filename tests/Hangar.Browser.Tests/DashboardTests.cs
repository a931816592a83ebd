using System.Globalization;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>
/// The dashboard with real runs: robots end runs completed and unresolved, the page (in the browser's time zone) shows
/// what the stats API says for that zone, and a bar leads to the runs behind it.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class DashboardTests(BrowserSite site)
{
    private const string Zone = "Europe/Helsinki";

    [Fact]
    public async Task Dashboard_ShowsTheApisNumbers_AndABarLeadsToItsRuns()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, $"dash-robot-{Guid.NewGuid():N}"[..20], BrowserRobots.Failing());
        var process = await UiApi.NewProcessAsync(admin, ws, "Dashboard invoices", package);
        var runs = new List<string>();
        foreach (var fail in new[] { false, false, true })
        {
            runs.Add((await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
                new { type = "with_payloads", payloads = new[] { new { fail } } }))["id"]!.GetValue<string>());
        }

        foreach (var run in runs)
        {
            await WaitUntilEndedAsync(admin, ws, run);
        }

        // The browser's zone reaches the server through ui.js: the page is drawn again in it.
        var page = await site.LoggedInPageAsync(timeZone: Zone);
        await page.GotoAsync($"/workspaces/{ws}");
        await Assertions.Expect(page.Locator("#dashboard-zone")).ToContainTextAsync(Zone);

        // Runs of other tests may still be ending: compare once both sides agree, or fail with the last difference.
        var difference = "";
        JsonNode stats = null!;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await page.ReloadAsync();
            var dates = await page.Locator("table.runs-per-day tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.date)");
            stats = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/stats/runs?from={dates[0]}&to={dates[^1]}&time_zone={Uri.EscapeDataString(Zone)}");
            var queue = await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/stats/queue");
            difference = await DifferenceAsync(page, stats, queue, process);
            if (difference.Length == 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(difference.Length == 0, difference);
        var today = stats["days"]!.AsArray()[^1]!;
        Assert.True(today["completed"]!.GetValue<long>() >= 2 && today["unresolved"]!.GetValue<long>() >= 1, today.ToJsonString());
        var ours = stats["processes"]!.AsArray().Single(p => p!["process_id"]!.GetValue<string>() == process)!;
        Assert.Equal(3, ours["runs"]!.GetValue<long>());
        Assert.Contains(stats["exceptions"]!.AsArray(), e => e!["code"]?.GetValue<string>() == "BAD_DATA");

        var violations = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(violations.Count == 0, string.Join('\n', violations));
        await BrowserSite.ScreenshotAsync(page, "dashboard");

        // Today's completed bar leads to the runs list filtered to that day and outcome, in the same zone.
        var date = today["date"]!.GetValue<string>();
        await page.Locator($"svg.chart-bars a[aria-label^=\"{date}:\"][aria-label$=\"completed\"]").ClickAsync();
        await page.WaitForURLAsync($"**/runs?outcome=completed&from={date}&to={date}");
        await Assertions.Expect(page.GetByLabel("Outcome")).ToHaveValueAsync("completed");
        var listed = await page.Locator("table.runs tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)");
        Assert.Equal(today["completed"]!.GetValue<long>(), listed.Length);
        Assert.Contains(runs[0], listed);
        Assert.Contains(runs[1], listed);
        Assert.DoesNotContain(runs[2], listed);
        await Assertions.Expect(page.Locator("table.runs tbody tr").First).ToContainTextAsync("completed");
    }

    /// <summary>What the page shows that the API does not say (empty when they agree).</summary>
    private static async Task<string> DifferenceAsync(IPage page, JsonNode stats, JsonNode queue, string processId)
    {
        var problems = new List<string>();
        foreach (var day in stats["days"]!.AsArray())
        {
            var row = page.Locator($"table.runs-per-day tr[data-date=\"{day!["date"]!.GetValue<string>()}\"]");
            foreach (var outcome in new[] { "completed", "unresolved", "stopped", "failed_to_start" })
            {
                var shown = Number(await row.Locator($"td[data-outcome=\"{outcome}\"]").TextContentAsync());
                if (shown != day[outcome]!.GetValue<long>())
                {
                    problems.Add($"{day["date"]} {outcome}: page {shown}, API {day[outcome]}");
                }
            }
        }

        var process = stats["processes"]!.AsArray().Single(p => p!["process_id"]!.GetValue<string>() == processId)!;
        var processRow = page.Locator($"table.process-stats tr[data-process-id=\"{processId}\"]");
        var runs = Number(await processRow.Locator("td[data-stat=\"runs\"]").TextContentAsync());
        if (runs != process["runs"]!.GetValue<long>())
        {
            problems.Add($"process runs: page {runs}, API {process["runs"]}");
        }

        var rate = string.Create(CultureInfo.InvariantCulture, $"{process["success_rate"]!.GetValue<double>() * 100:0.#} %");
        var shownRate = (await processRow.Locator("td[data-stat=\"success-rate\"]").TextContentAsync())!.Trim();
        if (shownRate != rate)
        {
            problems.Add($"success rate: page {shownRate}, API {rate}");
        }

        foreach (var (stat, value) in new[]
                 {
                     ("runs-in-progress", queue["runs_in_progress"]!), ("workers-online", queue["workers"]!["online"]!),
                     ("workers-busy", queue["workers"]!["busy"]!), ("workers-offline", queue["workers"]!["offline"]!),
                 })
        {
            var shown = Number(await page.Locator($"[data-stat=\"{stat}\"]").TextContentAsync());
            if (shown != value.GetValue<long>())
            {
                problems.Add($"{stat}: page {shown}, API {value}");
            }
        }

        return string.Join('\n', problems);
    }

    private static long Number(string? text) => long.Parse(text!.Trim().Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static async Task WaitUntilEndedAsync(HttpClient admin, string ws, string run)
    {
        for (var i = 0; i < 120; i++)
        {
            var state = (await UiApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{run}"))["state"]!.GetValue<string>();
            if (state is "completed" or "unresolved" or "stopped")
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"run {run} did not end");
    }
}
