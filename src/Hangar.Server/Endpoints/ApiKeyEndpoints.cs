using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>The workspace's API keys: what the API tab lists, adds, views, edits and deletes.</summary>
public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/api-keys").WithTags("API keys");
        group.MapPost("/", CreateAsync).RequireWorkspacePermission(Permissions.WriteApiKeys)
            .WithSummary("Create a key with a name and permissions; the answer is the only place its value appears.");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadApiKeys)
            .WithSummary("The workspace's keys with their permissions and usage (never their values).");
        group.MapGet("/{api_key_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadApiKeys).WithSummary("One key.");
        group.MapPut("/{api_key_id}", UpdateAsync).RequireWorkspacePermission(Permissions.WriteApiKeys)
            .WithSummary("Change a key's name, permissions or expiry; effective on its next request.");
        group.MapDelete("/{api_key_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteApiKeys)
            .WithSummary("Delete a key; it is refused from its next request on.");
        group.MapPost("/{api_key_id}/reveal", RevealAsync).RequireWorkspaceAdminSession()
            .WithSummary("Show a key's value (workspace admins signed in to Hangar; audited).");
    }

    public static ApiKeyResponse ToResponse(this ApiKey key, ApiKeyUsage usage)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(usage);
        return new ApiKeyResponse(key.Id, key.Name, key.Permissions, key.KeyPreview,
            new ActorResponse(key.CreatedByType, key.CreatedById, key.CreatedByName), key.CreatedAt, key.UpdatedAt, key.ExpiresAt,
            usage.Count == 0 && usage.LastUsedAt == DateTimeOffset.MinValue ? null : usage.LastUsedAt, usage.LastUsedIp, usage.Count);
    }

    private static async Task<Ok<CreatedApiKeyResponse>> CreateAsync(string workspace_id, CreateApiKeyRequest body, HttpContext http,
        ApiKeyService keys, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var (key, value) = await keys.CreateAsync(http.RequireCaller(), http.RequireGrant(), body.Name, body.Permissions, body.ExpiresAt, ct);
        return TypedResults.Ok(new CreatedApiKeyResponse(key.Id, key.Name, key.Permissions, key.CreatedAt, key.ExpiresAt, value));
    }

    private static async Task<Ok<PageResponse<ApiKeyResponse>>> ListAsync(string workspace_id, HttpContext http, ApiKeyService keys, CancellationToken ct)
    {
        var page = await keys.ListAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, k => k.Id, k => k.ToResponse(keys.UsageOf(k))));
    }

    private static async Task<Ok<ApiKeyResponse>> GetAsync(string workspace_id, string api_key_id, ApiKeyService keys, CancellationToken ct)
    {
        var key = await keys.GetAsync(workspace_id, api_key_id, ct);
        return TypedResults.Ok(key.ToResponse(keys.UsageOf(key)));
    }

    private static async Task<Ok<ApiKeyResponse>> UpdateAsync(string workspace_id, string api_key_id, UpdateApiKeyRequest body, HttpContext http,
        ApiKeyService keys, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var key = await keys.UpdateAsync(http.RequireCaller(), http.RequireGrant(), api_key_id, body.Name, body.Permissions,
            body.ExpiresAtGiven, body.ExpiresAt, ct);
        return TypedResults.Ok(key.ToResponse(keys.UsageOf(key)));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string api_key_id, HttpContext http, ApiKeyService keys,
        CancellationToken ct)
    {
        await keys.DeleteAsync(http.RequireCaller(), http.RequireGrant(), api_key_id, ct);
        return TypedResults.Ok(new DeletedResponse(api_key_id, true));
    }

    private static async Task<Ok<RevealedApiKeyResponse>> RevealAsync(string workspace_id, string api_key_id, HttpContext http,
        ApiKeyService keys, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var value = await keys.RevealAsync(http.RequireCaller(), workspace_id, api_key_id, ct);
        return TypedResults.Ok(new RevealedApiKeyResponse(api_key_id, value));
    }
}
