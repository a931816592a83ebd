using Hangar.Server.Auth;
using Hangar.Server.Ui;
using Hangar.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>Access is declared on each route, in one place: a route without a declaration is a bug.</summary>
public class RouteDeclarationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void EveryApiRoute_DeclaresWhoMayCallIt()
    {
        var endpoints = fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<AccessRequirement>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.DisplayName)
            .ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public void EveryWorkspaceRoute_ChecksTheWorkspace()
    {
        var endpoints = fixture.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("{workspace_id}", StringComparison.Ordinal) == true
                        && e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(e.Metadata.GetMetadata<AccessRequirement>()?.InWorkspace, e.DisplayName));
    }

    /// <summary>UI pages resolve the route's workspace in <see cref="UiSessionFilter"/>, which runs for every <see cref="UiPage"/>.</summary>
    [Fact]
    public async Task EveryWorkspacePage_IsAUiPage()
    {
        var services = fixture.Server.App.Services;
        var pages = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("{workspace_id}", StringComparison.Ordinal) == true)
            .Select(e => (e.DisplayName, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(e => e.Page is not null)
            .ToList();
        Assert.NotEmpty(pages);
        var loader = services.GetRequiredService<PageLoader>();
        foreach (var (name, page) in pages)
        {
            var compiled = await loader.LoadAsync(page!, EndpointMetadataCollection.Empty);
            Assert.True(compiled.ModelTypeInfo?.IsSubclassOf(typeof(UiPage)), name);
        }
    }
}
