using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>
/// Every main page checked with axe-core (the accessibility engine browsers' dev tools use): no serious or critical
/// violation (missing labels, names, roles, contrast, landmarks) on any of them.
/// </summary>
[Collection(SharedSite.Name)]
public sealed class AccessibilityTests(BrowserSite site)
{
    [Fact]
    public async Task MainPages_HaveNoSeriousAccessibilityViolations()
    {
        using var admin = await site.AdminClientAsync();
        var ws = site.WorkspaceId;
        var package = await UiApi.UploadRobotAsync(admin, ws, "a11y-robot", BrowserRobots.Slow());
        var process = await UiApi.NewProcessAsync(admin, ws, "Accessibility process", package);
        var run = (await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new[] { new { a = 1 } } }))["id"]!.GetValue<string>();
        var webhook = (await UiApi.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks",
            new { endpoint = "http://127.0.0.1:9/a11y", enabled_events = new[] { "process_run.completed" } }))["id"]!.GetValue<string>();

        var page = await site.LoggedInPageAsync();
        string[] paths =
        [
            "/workspaces",
            $"/workspaces/{ws}",
            $"/workspaces/{ws}/runs",
            $"/workspaces/{ws}/work-items",
            $"/workspaces/{ws}/runs/{run}",
            $"/workspaces/{ws}/processes",
            $"/workspaces/{ws}/processes/{process}",
            $"/workspaces/{ws}/processes/new",
            $"/workspaces/{ws}/robots",
            $"/workspaces/{ws}/robots/{package}",
            $"/workspaces/{ws}/workers",
            $"/workspaces/{ws}/vault",
            $"/workspaces/{ws}/assets",
            $"/workspaces/{ws}/webhooks?add=true",
            $"/workspaces/{ws}/webhooks/{webhook}",
            $"/workspaces/{ws}/webhooks/{webhook}/edit",
            $"/workspaces/{ws}/api-keys?add=true",
            $"/workspaces/{ws}/members",
            $"/workspaces/{ws}/audit",
            $"/workspaces/{ws}/settings",
            "/users",
            "/profile",
        ];
        var problems = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            var result = await page.RunAxe();
            problems.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}"));
        }

        var signIn = await site.NewPageAsync();
        await signIn.GotoAsync("/login");
        problems.AddRange((await signIn.RunAxe()).Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"/login: {v.Id} ({v.Impact}) {v.Help}"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
