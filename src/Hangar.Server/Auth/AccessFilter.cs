using Hangar.Core.Errors;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Errors;

namespace Hangar.Server.Auth;

/// <summary>
/// Enforces a route's <see cref="AccessRequirement"/> before its handler runs, and so before any lookup of the
/// route's objects: 401 without a valid credential, 404 for a workspace the caller cannot see, 403 naming the
/// missing permission.
/// </summary>
internal static class AccessFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requirement = http.GetEndpoint()?.Metadata.GetMetadata<AccessRequirement>()
                          ?? throw new InvalidOperationException("AccessFilter without an AccessRequirement.");
        var caller = http.GetCaller();
        if (caller is null)
        {
            var failure = AuthFailure.Get(http) ?? new AuthFailure("authentication_required",
                "Authenticate with 'Authorization: RC-WSKEY <key>' or sign in.");
            return ApiErrors.Result(401, failure.Code, failure.Message);
        }

        if (!requirement.Callers.Contains(caller.Kind))
        {
            return caller.Kind == CallerKind.ApiKey
                ? ApiErrors.Result(403, "user_required", "This route is for signed-in users; API keys cannot use it.")
                : ApiErrors.Result(403, "credential_not_allowed", "This credential cannot use this route.");
        }

        if (requirement.InWorkspace)
        {
            var workspaceId = http.Request.RouteValues["workspace_id"] as string;
            if (caller.Kind == CallerKind.ApiKey && caller.WorkspaceId != workspaceId)
            {
                return ApiErrors.Result(404, "not_found", "The workspace was not found.");
            }

            if (!Ids.IsWellFormed(workspaceId))
            {
                return ApiErrors.Result(404, "not_found", "The workspace was not found.");
            }

            var access = http.RequestServices.GetRequiredService<WorkspaceAccess>();
            WorkspaceGrant grant;
            try
            {
                grant = await access.ResolveAsync(caller, workspaceId!, http.RequestAborted);
            }
            catch (HangarException ex)
            {
                return ApiErrors.Result(ApiErrors.StatusOf(ex.Kind), ex.Code, ex.Message);
            }

            if (requirement.AdminSessionOnly && !grant.IsAdmin)
            {
                return ApiErrors.Result(403, "workspace_admin_required", "Only a workspace admin signed in to Hangar can do this.");
            }

            if (requirement.Permission is { } permission && !grant.Has(permission))
            {
                return ApiErrors.Result(403, "missing_permission", $"This request needs the permission '{permission}'.");
            }

            http.Features.Set(grant);
        }

        return await next(context);
    }
}
