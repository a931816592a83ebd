using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Auth;

public static class CallerExtensions
{
    /// <summary>The authenticated caller of this request, or null.</summary>
    public static Caller? GetCaller(this HttpContext context) => context.Features.Get<Caller>();

    /// <summary>The caller, for handlers behind an authorization filter (which guarantees one).</summary>
    public static Caller RequireCaller(this HttpContext context) =>
        context.GetCaller() ?? throw new InvalidOperationException("The endpoint has no authorization filter.");

    /// <summary>What the caller may do in the route's workspace, set by the workspace authorization filter.</summary>
    public static WorkspaceGrant RequireGrant(this HttpContext context) =>
        context.Features.Get<WorkspaceGrant>() ?? throw new InvalidOperationException("The endpoint has no workspace filter.");

    public static string? ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
