using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Errors;

namespace Hangar.Server.Auth;

/// <summary>
/// Enforces the matched route's <see cref="AccessRequirement"/> before the endpoint runs, so before its body is
/// read and before any of its objects is looked up: 401 without a valid credential, 404 for a workspace the caller
/// cannot see (the same answer as for one that does not exist), 403 naming the missing permission. Then, for every
/// route, that a change signed in with the session cookie cannot come from another site (<see cref="CrossSiteRequestCheck"/>).
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var endpoint = http.GetEndpoint();
        var requirement = endpoint?.Metadata.GetMetadata<AccessRequirement>();
        var refused = requirement is null ? null : await RefuseAsync(http, requirement);
        refused ??= await CrossSiteRequestCheck.RefuseAsync(http, endpoint);
        if (refused is { } refusal)
        {
            if (AuthFailure.Get(http)?.RetryAfterSeconds is { } retryAfter && refusal.Status == 429)
            {
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await ApiErrors.WriteAsync(http, refusal.Status, refusal.Code, refusal.Message);
            return;
        }

        await next(http);
    }

    private static async Task<(int Status, string Code, string Message)?> RefuseAsync(HttpContext http, AccessRequirement requirement)
    {
        var caller = http.GetCaller();
        if (caller is null)
        {
            var failure = AuthFailure.Get(http) ?? new AuthFailure("authentication_required",
                "Authenticate with 'Authorization: RC-WSKEY <key>' or sign in.");
            return (failure.Status, failure.Code, failure.Message);
        }

        if (!requirement.Callers.Contains(caller.Kind))
        {
            return caller.Kind == CallerKind.ApiKey
                ? (403, "user_required", "This route is for people signed in to Hangar; API keys cannot use it.")
                : (403, "credential_not_allowed", "This credential cannot use this route.");
        }

        if (!requirement.InWorkspace)
        {
            return null;
        }

        var workspaceId = http.Request.RouteValues["workspace_id"] as string;
        if (((caller.Kind is CallerKind.ApiKey or CallerKind.RunToken) && caller.WorkspaceId != workspaceId) || !Ids.IsWellFormed(workspaceId))
        {
            return (404, "not_found", "The workspace was not found.");
        }

        WorkspaceGrant grant;
        try
        {
            grant = await http.RequestServices.GetRequiredService<WorkspaceAccess>().ResolveAsync(caller, workspaceId!, http.RequestAborted);
        }
        catch (HangarException ex)
        {
            return (ApiErrors.StatusOf(ex.Kind), ex.Code, ex.Message);
        }

        if (requirement.AdminSessionOnly && !grant.IsAdmin)
        {
            return (403, "workspace_admin_required", "Only a workspace admin signed in to Hangar can do this.");
        }

        if (requirement.Permission is { } permission && !grant.Has(permission))
        {
            if (requirement.AlsoAccepted is not { } other)
            {
                return (403, "missing_permission", $"This request needs the permission '{permission}'.");
            }

            if (!grant.Has(other))
            {
                return (403, "missing_permission", $"This request needs the permission '{permission}' or '{other}'.");
            }
        }

        http.Features.Set(grant);
        return null;
    }
}
