using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>"Access Credentials" in the user's profile: secrets that tools (rcc) use to sign token requests.</summary>
public static class AccessCredentialEndpoints
{
    public static void MapAccessCredentialEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/users/me/access-credentials").WithTags("Access credentials").RequireUser();
        group.MapPost("/", CreateAsync).WithSummary("Create a credential; the answer holds 'identifier:secret', shown only once.");
        group.MapGet("/", ListAsync).WithSummary("Your credentials with their last use (never their secrets).");
        group.MapDelete("/{credential_id}", DeleteAsync).WithSummary("Delete a credential; tokens vended to it stop working.");
    }

    private static async Task<Ok<CreatedAccessCredentialResponse>> CreateAsync(CreateAccessCredentialRequest body, HttpContext http,
        AccessCredentialService credentials, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var (credential, value) = await credentials.CreateAsync(http.RequireCaller(), body.Name, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new CreatedAccessCredentialResponse(credential.Id, credential.Name, credential.CreatedAt, value));
    }

    private static async Task<Ok<PageResponse<AccessCredentialResponse>>> ListAsync(HttpContext http, AccessCredentialService credentials, CancellationToken ct)
    {
        var page = await credentials.ListAsync(http.RequireCaller(), V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, c => c.Id,
            c => new AccessCredentialResponse(c.Id, c.Name, c.Identifier, c.CreatedAt, c.LastUsedAt, c.LastUsedIp)));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string credential_id, HttpContext http, AccessCredentialService credentials, CancellationToken ct)
    {
        await credentials.DeleteAsync(http.RequireCaller(), credential_id, ct);
        return TypedResults.Ok(new DeletedResponse(credential_id, true));
    }
}
