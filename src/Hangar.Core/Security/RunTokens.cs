using System.Buffers.Text;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hangar.Core.Domain;

namespace Hangar.Core.Security;

/// <summary>
/// Bearer tokens handed to a robot for one step run: <c>hgr_</c> + base64url(claims) + "." + HMAC-SHA256 with a key
/// derived from the master key, so every node checks them without a shared secret table. The signature and expiry
/// are checked here; the server also requires the step run to be still in progress, so a token dies with its step
/// run even before it expires.
/// </summary>
public sealed class RunTokens(MasterKey masterKey, TimeProvider time)
{
    public const string Prefix = "hgr_";

    /// <summary>Long enough for the longest step timeout; the step run's end ends the token earlier anyway.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(2);

    /// <summary>What a robot needs at run time and nothing else: no keys, members, audit, processes or runs.</summary>
    public static IReadOnlySet<string> Permissions { get; } = new[]
    {
        Security.Permissions.ReadWorkItems, Security.Permissions.WriteWorkItems, Security.Permissions.ReadSecretValues,
        Security.Permissions.WriteSecrets, Security.Permissions.ReadAssets, Security.Permissions.WriteAssets,
    }.ToFrozenSet(StringComparer.Ordinal);

    private const int MaxTokenLength = 1024;
    private readonly byte[] _signingKey = masterKey.DeriveKey("run-token-v1");

    public sealed record Claims(
        [property: JsonPropertyName("ws")] string WorkspaceId,
        [property: JsonPropertyName("p")] string ProcessId,
        [property: JsonPropertyName("r")] string ProcessRunId,
        [property: JsonPropertyName("s")] string StepRunId,
        [property: JsonPropertyName("exp")] long ExpiresAt);

    /// <summary>A token for <paramref name="stepRun"/>, valid for <paramref name="lifetime"/> (and while the step run is in progress).</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(StepRun stepRun, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(stepRun);
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"A run token lives more than zero and at most {MaxLifetime}.");
        }

        var expiresAt = time.GetUtcNow() + lifetime;
        var claims = new Claims(stepRun.WorkspaceId, stepRun.ProcessId, stepRun.ProcessRunId, stepRun.Id, expiresAt.ToUnixTimeSeconds());
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        return ($"{Prefix}{payload}.{Sign(payload)}", expiresAt);
    }

    /// <summary>
    /// The claims of a token whose signature is right and which has not expired; else null, with
    /// <paramref name="expired"/> telling an expired token (signed by us) from a forged or malformed one.
    /// </summary>
    public Claims? Read(string token, out bool expired)
    {
        ArgumentNullException.ThrowIfNull(token);
        expired = false;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var dot = token.LastIndexOf('.');
        if (dot <= Prefix.Length)
        {
            return null;
        }

        var payload = token[Prefix.Length..dot];
        if (!SecretHashing.FixedTimeEquals(Sign(payload), token[(dot + 1)..]))
        {
            return null;
        }

        Claims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<Claims>(Base64Url.DecodeFromChars(payload));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return null;
        }

        if (claims is null || !Ids.IsWellFormed(claims.WorkspaceId) || !Ids.IsWellFormed(claims.StepRunId))
        {
            return null;
        }

        expired = claims.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds();
        return expired ? null : claims;
    }

    /// <summary>The caller a valid token stands for.</summary>
    public static Caller CallerFor(Claims claims, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return new Caller
        {
            Kind = CallerKind.RunToken,
            Id = claims.StepRunId,
            Name = $"run token of step run {claims.StepRunId}",
            WorkspaceId = claims.WorkspaceId,
            GrantedPermissions = Permissions,
            ClientAddress = clientAddress,
            Run = new RunScope(claims.ProcessId, claims.ProcessRunId, claims.StepRunId),
        };
    }

    private string Sign(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(_signingKey, Encoding.ASCII.GetBytes(payload)));
}
