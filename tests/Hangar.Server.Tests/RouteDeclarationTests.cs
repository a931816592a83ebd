using Hangar.Server.Auth;
using Hangar.TestSupport;
using Microsoft.AspNetCore.Authorization;
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
            .Where(e => e.RoutePattern.RawText?.Contains("{workspace_id}", StringComparison.Ordinal) == true)
            // UI pages resolve the route's workspace for the signed-in user in UiSessionFilter, which every page passes.
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is null)
            .ToList();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(e.Metadata.GetMetadata<AccessRequirement>()?.InWorkspace, e.DisplayName));
    }
}
