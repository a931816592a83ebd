using Hangar.Contracts.Rcc;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// rcc's token vendor: requests signed with an access credential trade it for short-lived Bearer tokens, for one
/// workspace or for the user, limited to a capability set.
/// </summary>
public static class TokenVendorEndpoints
{
    public static void MapTokenVendorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/token-vendor-v1").WithGroupName(ApiDocs.Rcc).WithTags("Token vendor");
        group.MapPost("/workspaces/{workspace_id}/tokenrequest", WorkspaceTokenAsync).RequireSignedCredential(inWorkspace: true)
            .WithSummary("A Bearer token for one workspace and capability set (signed request).");
        group.MapPost("/user/tokenrequest", UserTokenAsync).RequireSignedCredential(inWorkspace: false)
            .WithSummary("A Bearer token for the user and a capability set, e.g. view/workspaces (signed request).");
        group.MapGet("/user/details", DetailsAsync).RequireSignedCredential(inWorkspace: false)
            .WithSummary("The user the credential belongs to (signed request).");
        group.MapDelete("/credential", DeleteCredentialAsync).RequireSignedCredential(inWorkspace: false)
            .WithSummary("Delete the credential that signed the request.");
    }

    private static async Task<Ok<TokenResponse>> WorkspaceTokenAsync(string workspace_id, TokenRequest? body, HttpContext http,
        AccessCredentialService credentials, CancellationToken ct)
    {
        var (token, expiresAt) = await credentials.IssueTokenAsync(http.RequireCaller(), workspace_id, body?.CapabilitySet, body?.ExpiresIn, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    private static async Task<Ok<TokenResponse>> UserTokenAsync(TokenRequest? body, HttpContext http, AccessCredentialService credentials, CancellationToken ct)
    {
        var (token, expiresAt) = await credentials.IssueTokenAsync(http.RequireCaller(), null, body?.CapabilitySet, body?.ExpiresIn, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse(token, expiresAt));
    }

    private static async Task<Ok<UserDetailsResponse>> DetailsAsync(HttpContext http, UserService users, CancellationToken ct)
    {
        var user = await users.GetAsync(http.RequireCaller().UserId!, ct);
        return TypedResults.Ok(new UserDetailsResponse(new UserDetails(user.Id, user.Username, user.DisplayName)));
    }

    private static async Task<Ok<Dictionary<string, bool>>> DeleteCredentialAsync(HttpContext http, AccessCredentialService credentials, CancellationToken ct)
    {
        await credentials.DeleteSigningCredentialAsync(http.RequireCaller(), ct);
        return TypedResults.Ok(new Dictionary<string, bool> { ["deleted"] = true });
    }
}
