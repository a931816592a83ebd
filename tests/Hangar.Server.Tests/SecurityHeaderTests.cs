using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Headers that keep browsers from reading what this site serves as something else.</summary>
public sealed partial class SecurityHeaderTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task EveryKindOfDownload_IsNeverSniffed_NorRunAsAPage()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var urls = new List<(string What, string Url)>();

        // An asset whose uploader calls it a web page.
        var asset = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/assets", new { name = Api.Unique("page") }))["id"]!.GetValue<string>();
        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/assets/{asset}/uploads",
            new { content_type = "text/html", data = Convert.ToBase64String("<script>alert(document.cookie)</script>"u8.ToArray()) });
        urls.Add(("asset", (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/assets/{asset}"))["payload"]!["url"]!.GetValue<string>()));

        // A task package.
        var package = await Packages.CreateAsync(admin, Ws);
        await Packages.UploadAsync(Server, admin, Ws, package, RobotZips.Valid());
        urls.Add(("package", (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/task-packages/{package}/download"))["url"]!.GetValue<string>()));

        // A work item's file and a step run's artifact, as a robot and its worker leave them.
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var run = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        var stepRun = assignment["step_run_id"]!.GetValue<string>();
        using var robot = new Robot(Server, ws, process, run, stepRun, assignment["run_token"]!.GetValue<string>());
        var item = assignment["work_item_id"]!.GetValue<string>();
        await robot.AddFileAsync(item, "notes.html", "<h1>notes</h1>"u8.ToArray());
        var file = (await Api.GetAsync(robot.Http, $"{robot.Wi}{item}/files"))[0]!["fileId"]!.GetValue<string>();
        urls.Add(("work item file", (await Api.GetAsync(robot.Http, $"{robot.Wi}{item}/files/{file}"))["url"]!.GetValue<string>()));
        using (var upload = await worker.PutAsync($"/worker-v1/step-runs/{stepRun}/artifacts?name=report.html",
                   new ByteArrayContent(Encoding.UTF8.GetBytes("<html>report</html>"))))
        {
            var artifact = (await Api.OkJsonAsync(upload))["id"]!.GetValue<string>();
            urls.Add(("artifact", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRun}/artifacts/{artifact}"))["url"]!.GetValue<string>()));
        }

        using var anonymous = Server.CreateClient();
        foreach (var (what, url) in urls)
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("default-src 'none'; sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        }
    }

    [Fact]
    public async Task ApiDocs_AllowOnlyTheirOwnScripts_WithAFreshNonceEachTime()
    {
        using var client = Server.CreateClient();
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var page = await client.GetAsync("/api/docs/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
            var nonce = Nonce().Match(policy).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(nonce), policy);
            Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));

            // Every inline script carries the nonce; every other script comes from this server; the page is built anew
            // each time (its head does not grow).
            var html = await page.Content.ReadAsStringAsync();
            Assert.Single(Regex.Matches(html, "/ui/assets/api-docs.js"));
            foreach (Match script in ScriptTag().Matches(html))
            {
                var tag = script.Value;
                Assert.True(tag.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal) || !tag.Contains("src=\"http", StringComparison.Ordinal), tag);
                if (!tag.Contains("src=", StringComparison.Ordinal))
                {
                    Assert.Contains($"nonce=\"{nonce}\"", tag, StringComparison.Ordinal);
                }
            }

            nonces.Add(nonce);
        }

        Assert.NotEqual(nonces[0], nonces[1]);
    }

    [GeneratedRegex("script-src 'self' 'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
