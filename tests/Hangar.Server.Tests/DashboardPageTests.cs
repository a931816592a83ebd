using System.Net;
using System.Text.RegularExpressions;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// The workspace dashboard over HTTP, as a browser asks for it: it is the workspace's home, shows the runs that ended by
/// day and outcome in the user's time zone, and each bar leads to a runs list with exactly those runs.
/// </summary>
public sealed partial class DashboardPageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task TheWorkspaceHome_IsTheDashboard_WithTodaysRunsByOutcome_AndTheLastFailure()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (ws, completed, unresolved) = await TwoEndedRunsAsync(admin);

        var html = await PageAsync(admin, $"/workspaces/{ws}");

        Assert.Contains("<h1>Dashboard</h1>", html, StringComparison.Ordinal);
        var days = DayRow().Matches(html);
        Assert.Equal(14, days.Count);
        var today = days[^1].Value;
        Assert.Contains("data-outcome=\"completed\">1<", today, StringComparison.Ordinal);
        Assert.Contains("data-outcome=\"unresolved\">1<", today, StringComparison.Ordinal);
        Assert.All(days.Take(13), d => Assert.DoesNotMatch(">[1-9]", Regex.Replace(d.Value, "<a [^>]+>[^<]+</a>", "")));
        // The last failures: the unresolved run with its step's error code, linked.
        Assert.Contains($"data-run-id=\"{unresolved}\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>robot_failed</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-run-id=\"{completed}\"", html, StringComparison.Ordinal);
        // The runs list stays one click away.
        Assert.Contains($"href=\"/workspaces/{ws}/runs\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?days=30", 30)]
    [InlineData("?days=14", 14)]
    [InlineData("?days=5000", 14)]
    public async Task ThePeriod_Is14Or30Days(string query, int rows)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var html = await PageAsync(admin, $"/workspaces/{Server.DefaultWorkspaceId}{query}");
        Assert.Equal(rows, DayRow().Count(html));
    }

    [Fact]
    public async Task ABarSegment_LeadsToTheRunsOfThatDayAndOutcome()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (ws, completed, unresolved) = await TwoEndedRunsAsync(admin);
        var html = await PageAsync(admin, $"/workspaces/{ws}");
        var links = BarLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(2, links.Count);

        var completedList = await PageAsync(admin, links.Single(l => l.Contains("outcome=completed", StringComparison.Ordinal)));
        var unresolvedList = await PageAsync(admin, links.Single(l => l.Contains("outcome=unresolved", StringComparison.Ordinal)));

        Assert.Equal([completed], RunRow().Matches(completedList).Select(m => m.Groups[1].Value));
        Assert.Equal([unresolved], RunRow().Matches(unresolvedList).Select(m => m.Groups[1].Value));
        // Another day, or another outcome, lists none of them.
        var yesterday = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(RunRow().Matches(await PageAsync(admin, $"/workspaces/{ws}/runs?from={yesterday}&to={yesterday}")));
        Assert.Empty(RunRow().Matches(await PageAsync(admin, $"/workspaces/{ws}/runs?outcome=failed_to_start")));
    }

    [Theory]
    [InlineData("outcome=crashed")]
    [InlineData("from=yesterday")]
    [InlineData("to=2026-13-01")]
    public async Task TheRunsList_RefusesUnknownOutcomesAndDates(string query)
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var response = await admin.GetAsync($"/workspaces/{Server.DefaultWorkspaceId}/runs?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TheBrowsersZone_SetsTheDays_UntilTheProfileChoosesOne()
    {
        var (cookies, browser) = await BrowserAsync();
        using (browser)
        {
            // No cookie yet: UTC, and the page asks ui.js to draw it again once the browser has told its zone.
            var first = await PageAsync(browser, $"/workspaces/{Server.DefaultWorkspaceId}");
            Assert.Contains("<strong>UTC</strong>", first, StringComparison.Ordinal);
            Assert.Contains("data-zone-reload=\"true\"", first, StringComparison.Ordinal);

            cookies.Add(Server.BaseAddress, new Cookie("hangar_tz", Uri.EscapeDataString("Asia/Tokyo")));
            Assert.Contains("<strong>Asia/Tokyo</strong>", await PageAsync(browser, $"/workspaces/{Server.DefaultWorkspaceId}"), StringComparison.Ordinal);

            var saved = await PostTimeZoneAsync(browser, "America/New_York");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var chosen = await PageAsync(browser, $"/workspaces/{Server.DefaultWorkspaceId}");
            Assert.Contains("<strong>America/New_York</strong>", chosen, StringComparison.Ordinal);
            Assert.Contains("data-zone-reload=\"false\"", chosen, StringComparison.Ordinal);

            // Emptied: the browser's zone again.
            Assert.Equal(HttpStatusCode.Redirect, (await PostTimeZoneAsync(browser, "")).StatusCode);
            Assert.Contains("<strong>Asia/Tokyo</strong>", await PageAsync(browser, $"/workspaces/{Server.DefaultWorkspaceId}"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/../../etc/passwd")]
    [InlineData("W. Europe Standard Time")]
    public async Task TheProfile_RefusesAZoneThatIsNotAnIanaZone(string zone)
    {
        var (_, browser) = await BrowserAsync();
        using (browser)
        {
            var refused = await PostTimeZoneAsync(browser, zone);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
            Assert.Contains("IANA time zone", html, StringComparison.Ordinal);
            Assert.Contains("<strong>UTC</strong>", await PageAsync(browser, $"/workspaces/{Server.DefaultWorkspaceId}"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheFailedItemsPage_ListsTheItemsOfAnExceptionCode()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        var item = assignment["work_item_id"]!.GetValue<string>();
        using var robot = new Robot(Server, ws, process, runId, assignment["step_run_id"]!.GetValue<string>(), assignment["run_token"]!.GetValue<string>());
        using (var failed = await robot.ReleaseAsync(item, "FAILED", new { type = "BUSINESS", code = "INVALID_ID", message = "No such id" }))
        {
            await Api.OkJsonAsync(failed);
        }

        var listed = await PageAsync(admin, $"/workspaces/{ws}/work-items?type=business&code=INVALID_ID");
        Assert.Contains($"data-item-id=\"{item}\"", listed, StringComparison.Ordinal);
        Assert.Contains("No such id", listed, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-item-id=\"{item}\"", await PageAsync(admin, $"/workspaces/{ws}/work-items?type=application&code=INVALID_ID"), StringComparison.Ordinal);
        Assert.DoesNotContain($"data-item-id=\"{item}\"", await PageAsync(admin, $"/workspaces/{ws}/work-items?code=OTHER"), StringComparison.Ordinal);
        using var wrongType = await admin.GetAsync($"/workspaces/{ws}/work-items?type=fatal");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    /// <summary>A new workspace with a worker and a process, and two runs it ended today: one completed, one unresolved.</summary>
    private async Task<(string Workspace, string Completed, string Unresolved)> TwoEndedRunsAsync(HttpClient admin)
    {
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var completed = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        await EndNextAsync(worker, new { exit_code = 0 });
        var unresolved = await Workers.StartAsync(admin, ws, process, new { n = 2 });
        await EndNextAsync(worker, new { exit_code = 1, error_code = "robot_failed" });
        return (ws, completed, unresolved);
    }

    private static async Task EndNextAsync(HttpClient worker, object outcome)
    {
        using var response = await Workers.ClaimAsync(worker);
        var claim = await Api.OkJsonAsync(response);
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{claim["step_run_id"]!.GetValue<string>()}/complete", outcome);
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A browser's cookie jar signed in as a new viewer of the default workspace, which a test adds cookies to.</summary>
    private async Task<(CookieContainer Cookies, HttpClient Client)> BrowserAsync()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (id, member) = await Api.NewMemberAsync(Server, admin, "viewer");
        member.Dispose();
        var username = (await Api.GetAsync(admin, $"/api/v1/users/{id}"))["username"]!.GetValue<string>();
        var cookies = new CookieContainer();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = Server.BaseAddress };
        using var login = await client.PostAsync("/api/v1/auth/login", Json.Body(new { username, password = Api.Password }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (cookies, client);
    }

    private static async Task<HttpResponseMessage> PostTimeZoneAsync(HttpClient browser, string zone)
    {
        var token = await Api.FormTokenAsync(browser, "/profile");
        using var form = new FormUrlEncodedContent([new("__csrf", token), new("TimeZone", zone)]);
        return await browser.PostAsync("/profile?handler=TimeZone", form);
    }

    [GeneratedRegex("<tr data-date=\"[0-9-]+\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex DayRow();

    [GeneratedRegex("<a href=\"([^\"]+outcome=[^\"]+)\" aria-label=")]
    private static partial Regex BarLink();

    [GeneratedRegex("<tr data-run-id=\"([^\"]+)\">")]
    private static partial Regex RunRow();
}
