using System.Text.Json;
using Hangar.Contracts.SecretsV1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Vault;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Robocorp's vault API for robots (<c>/secrets-v1</c>, camelCase) as RPA.Robocorp.Vault and robocorp-vault call it:
/// values travel sealed under <c>robocloud-vault-transit-v2</c>, never in the clear, even over plain HTTP.
/// </summary>
public static class SecretsApiEndpoints
{
    public static void MapSecretsApiEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/secrets-v1/workspaces/{workspace_id}/secrets").WithGroupName(ApiDocs.SecretsV1).WithTags("Vault (robots)");
        // A literal segment wins over a parameter, so this route shadows a secret named publicKey (names refuse it).
        group.MapGet("/publicKey", PublicKeyAsync).RequireRobotPermission(Permissions.WriteSecrets)
            .WithSummary("The server's RSA public key that robots wrap AES keys to: the raw body is base64 of its DER SubjectPublicKeyInfo.");
        group.MapGet("/{secret_name}", ReadAsync).RequireRobotPermission(Permissions.ReadSecretValues)
            .WithSummary("A secret sealed to the caller's key: ?encryptionScheme=robocloud-vault-transit-v2&publicKey=<base64 DER RSA key> (audited).");
        group.MapPut("/{secret_name}", WriteAsync).RequireRobotPermission(Permissions.WriteSecrets)
            .Accepts<TransitSecretRequest>("application/json")
            .WithSummary("Create a secret or replace its value, sealed to the server's public key.");
    }

    private static async Task<ContentHttpResult> PublicKeyAsync(string workspace_id, VaultService vault, CancellationToken ct) =>
        TypedResults.Text(Convert.ToBase64String(await vault.TransitPublicKeyAsync(ct)), "text/plain");

    private static async Task<Ok<TransitSecretResponse>> ReadAsync(string workspace_id, string secret_name, string? encryptionScheme,
        string? publicKey, HttpContext http, VaultService vault, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        var (secret, sealedValue) = await vault.ReadSealedAsync(http.RequireCaller(), workspace_id, secret_name, encryptionScheme, publicKey, ct);
        return TypedResults.Ok(new TransitSecretResponse(secret.Name, secret.Description ?? string.Empty,
            Convert.ToBase64String(sealedValue.Ciphertext),
            new TransitEncryptionFields(TransitScheme.Name, Convert.ToBase64String(sealedValue.EncryptedAesKey),
                Convert.ToBase64String(sealedValue.AuthTag), Convert.ToBase64String(sealedValue.Iv))));
    }

    private static async Task<Ok<TransitSecretWritten>> WriteAsync(string workspace_id, string secret_name, HttpContext http, VaultService vault,
        CancellationToken ct)
    {
        // Read whatever the Content-Type: the clients send JSON, and a missing header should not cost them the write.
        var body = await RawJsonBody.ReadAsync(http);
        if (body.Json is not { ValueKind: JsonValueKind.Object } json)
        {
            throw HangarException.Invalid("invalid_json", "The body must be a JSON object {name, description, value, encryption}.");
        }

        var request = json.Deserialize<TransitSecretRequest>(ApiJson.Options)!;
        var encryption = request.Encryption;
        var envelope = TransitEnvelope.FromBase64(request.Value, encryption?.EncryptedAes, encryption?.AuthTag, encryption?.Iv);
        var secret = await vault.WriteSealedAsync(http.RequireCaller(), workspace_id, secret_name, request.Name, request.Description,
            encryption?.EncryptionScheme, envelope, ct);
        return TypedResults.Ok(new TransitSecretWritten(secret.Name, secret.Description ?? string.Empty));
    }
}
