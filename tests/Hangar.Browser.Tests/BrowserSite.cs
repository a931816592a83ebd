using System.Net;
using System.Text.Json.Nodes;
using Hangar.TestSupport;
using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>
/// One real <c>hangar serve</c> (SQLite file, embedded worker) and one headless Debian Chromium, shared by the
/// browser tests. Each test opens its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    public const string AdminPassword = "browser-first-owner-secret-1";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _dataDir = TempDirectory.Create("hangar-browser");
    private HangarProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Url { get; } = $"http://127.0.0.1:{HangarProcess.FreePort()}";

    /// <summary>The site receives mail for email triggers, so the process page's email panel can be used.</summary>
    public const string MailDomain = "mail.browser.test";

    public int SmtpPort { get; } = HangarProcess.FreePort();

    /// <summary>Where screenshots go: <c>HANGAR_TEST_ARTIFACTS</c> (set by test.sh) or beside the test binaries.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("HANGAR_TEST_ARTIFACTS") is { Length: > 0 } dir ? dir : AppContext.BaseDirectory, "screenshots");

    public HangarProcess Server => _server ?? throw new InvalidOperationException("The site is not started.");

    /// <summary>The id of the workspace created on first start ("Default").</summary>
    public string WorkspaceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (test.sh does).");
        }

        // Webhooks may call loopback: the webhook page's test receives its deliveries on 127.0.0.1.
        _server = HangarProcess.Start(["serve", "--urls", Url, "--data-dir", _dataDir, "--allow-private-webhooks",
            "--smtp-urls", $"smtp://127.0.0.1:{SmtpPort}", "--mail-domain", MailDomain],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = AdminPassword });
        await _server.WaitUntilReadyAsync($"{Url}/readyz");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        using var admin = await AdminClientAsync();
        WorkspaceId = (await UiApi.GetAsync(admin, "/api/v1/workspaces"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        TempDirectory.TryDelete(_dataDir);
    }

    /// <summary>
    /// A fresh browser context (no cookies) and a page in it, with the server as base URL, in the machine's time zone
    /// or in <paramref name="timeZone"/> (an IANA id).
    /// </summary>
    public async Task<IPage> NewPageAsync(string? timeZone = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Url,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            TimezoneId = timeZone,
        });
        // Generous: a sign-in (a slow password hash) on a loaded 2-core machine can take seconds; a real failure still fails.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, as a person does.</summary>
    public async Task<IPage> LoggedInPageAsync(string username = "admin", string password = AdminPassword, string? timeZone = null)
    {
        var page = await NewPageAsync(timeZone);
        await page.GotoAsync("/");
        await BrowserUsers.SubmitSignInAsync(page, username, password, url => !url.Contains("/login", StringComparison.Ordinal), "a page past the sign-in");
        return page;
    }

    /// <summary>Saves a full-page screenshot as a test artifact.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>An HTTP client signed in as the admin (session cookie), for setting up what a test needs.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Url) };
        await UiApi.PostAsync(client, "/api/v1/auth/login", new { username = "admin", password = AdminPassword });
        return client;
    }

    /// <summary>An HTTP client that sends <c>Authorization: RC-WSKEY</c>, as a script using the API does.</summary>
    public HttpClient KeyClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"RC-WSKEY {key}");
        return client;
    }
}
