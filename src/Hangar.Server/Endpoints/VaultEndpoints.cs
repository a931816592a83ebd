using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Vault;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// The workspace vault over v1, for people and keys. Values are shown only by their own route, so that reading them is
/// a permission of its own (<c>Vault.read_secret_values</c>) declared on the route like every other check.
/// </summary>
public static class VaultEndpoints
{
    public static void MapVaultEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/vault/secrets").WithTags("Vault");
        group.MapPost("/", CreateAsync).RequireWorkspacePermission(Permissions.WriteSecrets)
            .WithSummary("Create a secret {name, description?, value: {key: value}}; the answer lists its keys, never its values.");
        group.MapGet("/", ListAsync).RequireWorkspacePermission(Permissions.ReadSecrets)
            .WithSummary("The workspace's secrets: names, descriptions and key names (no values).");
        group.MapGet("/{name_or_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadSecrets)
            .WithSummary("One secret by name or id, without its value.");
        group.MapGet("/{name_or_id}/value", GetValueAsync).RequireWorkspacePermission(Permissions.ReadSecretValues)
            .WithSummary("A secret's value, {id, name, value: {key: value}} (audited).");
        group.MapPut("/{name_or_id}", UpdateAsync).RequireWorkspacePermission(Permissions.WriteSecrets)
            .WithSummary("Change a secret's description and/or replace its whole value.");
        group.MapDelete("/{name_or_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteSecrets).WithSummary("Delete a secret.");
    }

    private static VaultSecretResponse ToResponse(VaultSecret secret, IReadOnlyList<string>? keys) =>
        new(secret.Id, secret.Name, secret.Description, keys,
            new ActorResponse(secret.CreatedByType, secret.CreatedById, secret.CreatedByName), secret.CreatedAt,
            new ActorResponse(secret.UpdatedByType, secret.UpdatedById, secret.UpdatedByName), secret.UpdatedAt);

    private static async Task<Ok<VaultSecretResponse>> CreateAsync(string workspace_id, CreateVaultSecretRequest body, HttpContext http,
        VaultService vault, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var value = SecretValue.FromJson(body.Value);
        var secret = await vault.CreateAsync(http.RequireCaller(), workspace_id, body.Name, body.Description, value, ct);
        return TypedResults.Ok(ToResponse(secret, value.Keys));
    }

    private static async Task<Ok<PageResponse<VaultSecretResponse>>> ListAsync(string workspace_id, HttpContext http, VaultService vault,
        CancellationToken ct)
    {
        var page = await vault.ListAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, s => s.Id, s => ToResponse(s, vault.KeysOf(s))));
    }

    private static async Task<Ok<VaultSecretResponse>> GetAsync(string workspace_id, string name_or_id, VaultService vault, CancellationToken ct)
    {
        var secret = await vault.GetAsync(workspace_id, name_or_id, ct);
        return TypedResults.Ok(ToResponse(secret, vault.KeysOf(secret)));
    }

    private static async Task<Ok<VaultSecretValueResponse>> GetValueAsync(string workspace_id, string name_or_id, HttpContext http,
        VaultService vault, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var (secret, value) = await vault.ReadValueAsync(http.RequireCaller(), workspace_id, name_or_id, ct);
        return TypedResults.Ok(new VaultSecretValueResponse(secret.Id, secret.Name, value.ToDictionary()));
    }

    private static async Task<Ok<VaultSecretResponse>> UpdateAsync(string workspace_id, string name_or_id, UpdateVaultSecretRequest body,
        HttpContext http, VaultService vault, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var value = body.ValueGiven ? SecretValue.FromJson(body.Value) : null;
        var secret = await vault.UpdateAsync(http.RequireCaller(), workspace_id, name_or_id, body.Name, body.Description, value, ct);
        return TypedResults.Ok(ToResponse(secret, value?.Keys ?? vault.KeysOf(secret)));
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string name_or_id, HttpContext http, VaultService vault,
        CancellationToken ct)
    {
        var secret = await vault.DeleteAsync(http.RequireCaller(), workspace_id, name_or_id, ct);
        return TypedResults.Ok(new DeletedResponse(secret.Id, true));
    }
}
