using Microsoft.Playwright;

namespace Hangar.Browser.Tests;

/// <summary>The interactive API docs (<c>/api/docs</c>, Scalar) under their Content-Security-Policy, with no internet.</summary>
[Collection(SharedSite.Name)]
public sealed class ApiDocsPageTests(BrowserSite site)
{
    [Fact]
    public async Task ApiDocs_RenderUnderTheirContentSecurityPolicy_WithoutViolations_AndLoadNothingFromElsewhere()
    {
        var page = await site.NewPageAsync();
        var violations = new List<string>();
        var elsewhere = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
            """);
        // As on a machine without internet: anything the page asks of another host fails, and is listed.
        await page.Context.RouteAsync(url => !url.StartsWith(site.Url, StringComparison.Ordinal), async route =>
        {
            elsewhere.Add(route.Request.Url);
            await route.AbortAsync();
        });

        var response = await page.GotoAsync("/api/docs/");
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));

        // Scalar has rendered the first document and its operations, ready to be tried.
        // (The bundle is 5 MB of script; on a busy machine it takes a while.)
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Test Request (post /api/v1/auth/login)" }))
            .ToBeVisibleAsync(new() { Timeout = 60_000 });
        await BrowserSite.ScreenshotAsync(page, "api-docs");

        // A self-hosted, offline page: none of Scalar's buttons that lead to its hosted services.
        foreach (var hosted in new[] { "Deploy", "Generate SDK", "Ask AI", "Developer Tools" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = hosted })).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = hosted })).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByText(hosted, new() { Exact = true })).ToHaveCountAsync(0);
        }

        // Its icon is this server's, so the first load asks nothing that answers 404.
        Assert.Equal("/ui/assets/favicon.svg", await page.Locator("link[rel=icon]").First.GetAttributeAsync("href"));

        violations.AddRange(await page.EvaluateAsync<string[]>("window.__violations"));
        Assert.Empty(violations);
        Assert.Empty(elsewhere);
    }
}
