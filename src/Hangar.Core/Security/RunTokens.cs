using System.Collections.Frozen;
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

    private readonly SignedTokenFormat _format = new(masterKey, "run-token-v1", Prefix, maxLength: 1024);

    public sealed record Claims(
        [property: JsonPropertyName("ws")] string WorkspaceId,
        [property: JsonPropertyName("p")] string ProcessId,
        [property: JsonPropertyName("r")] string ProcessRunId,
        [property: JsonPropertyName("s")] string StepRunId,
        [property: JsonPropertyName("exp")] long ExpiresAt)
    {
        /// <summary>The run's trace (the claim's span), so each runtime call joins it without a lookup; absent when nothing traces.</summary>
        [JsonPropertyName("tp")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? TraceParent { get; init; }
    }

    /// <summary>A token for <paramref name="stepRun"/>, valid for <paramref name="lifetime"/> (and while the step run is in progress).</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(StepRun stepRun, TimeSpan lifetime, string? traceParent = null)
    {
        ArgumentNullException.ThrowIfNull(stepRun);
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"A run token lives more than zero and at most {MaxLifetime}.");
        }

        var expiresAt = time.GetUtcNow() + lifetime;
        var claims = new Claims(stepRun.WorkspaceId, stepRun.ProcessId, stepRun.ProcessRunId, stepRun.Id, expiresAt.ToUnixTimeSeconds())
        {
            // Only a well-formed W3C id (55 characters) rides in the token, so a run's stored value cannot grow it.
            TraceParent = traceParent is { Length: 55 } ? traceParent : null,
        };
        return (_format.Encode(claims), expiresAt);
    }

    /// <summary>
    /// The claims of a token whose signature is right and which has not expired; else null, with
    /// <paramref name="expired"/> telling an expired token (signed by us) from a forged or malformed one.
    /// </summary>
    public Claims? Read(string token, out bool expired)
    {
        ArgumentNullException.ThrowIfNull(token);
        expired = false;
        var claims = _format.Decode<Claims>(token);
        if (claims is null || !Ids.IsWellFormed(claims.WorkspaceId) || !Ids.IsWellFormed(claims.StepRunId))
        {
            return null;
        }

        expired = claims.ExpiresAt <= time.GetUtcNow().ToUnixTimeSeconds();
        return expired ? null : claims;
    }

    /// <summary>The caller a valid token stands for (with its step run as authentication read it, when given).</summary>
    public static Caller CallerFor(Claims claims, string? clientAddress, Domain.StepRun? stepRun = null)
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
            Run = new RunScope(claims.ProcessId, claims.ProcessRunId, claims.StepRunId) { StepRun = stepRun, TraceParent = claims.TraceParent },
        };
    }
}
