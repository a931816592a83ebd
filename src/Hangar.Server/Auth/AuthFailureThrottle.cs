using Hangar.Server.Hosting;

namespace Hangar.Server.Auth;

/// <summary>
/// Slows down guessing. Failed authentications (bad keys, bad passwords, bad signatures) are counted per client
/// address and per <see cref="PresentedIdentifier"/> (user name, key prefix, credential identifier); either one with
/// <see cref="HangarServerOptions.AuthFailureLimit"/> (default <see cref="DefaultMaxFailures"/>) failures within
/// <see cref="Window"/> is blocked for <see cref="BlockFor"/>.
/// A block never refuses a valid credential: what it refuses is the wrong ones (429 instead of 401), so an attacker
/// behind the same proxy as everybody else, or hammering one user name, locks nobody else out. The one exception is
/// a password for a blocked user name, tried from an address that itself failed on that name: it is refused unchecked,
/// otherwise the block would not slow down guessing that password at all. The state is this node's, in memory.
/// </summary>
public sealed class AuthFailureThrottle(TimeProvider time, HangarServerOptions options, Core.Observability.HangarMetrics metrics)
{
    public const int DefaultMaxFailures = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan BlockFor = TimeSpan.FromMinutes(1);
    private const int MaxTrackedPerScope = 50_000;

    private readonly FailureCounter _addresses = new(time, MaxTrackedPerScope, options.AuthFailureLimit);
    private readonly FailureCounter _identifiers = new(time, MaxTrackedPerScope, options.AuthFailureLimit);
    private readonly FailureCounter _pairs = new(time, MaxTrackedPerScope, options.AuthFailureLimit);

    /// <summary>Seconds until neither the address nor the identifier is blocked, or null when neither is.</summary>
    public int? BlockedFor(string? address, PresentedIdentifier? identifier)
    {
        var byAddress = _addresses.BlockedFor(address);
        var byIdentifier = _identifiers.BlockedFor(identifier?.Key);
        return byAddress is null && byIdentifier is null ? null : Math.Max(byAddress ?? 0, byIdentifier ?? 0);
    }

    /// <summary>
    /// Whether a password attempt is refused without checking it: its user name is blocked and this address took part
    /// in the failures. A user signing in from anywhere else still gets in.
    /// </summary>
    public bool IsLockedOut(string? address, PresentedIdentifier identifier, out int retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        retryAfterSeconds = _identifiers.BlockedFor(identifier.Key) ?? 0;
        return retryAfterSeconds > 0 && address is not null && _pairs.FailedRecently(PairKey(address, identifier));
    }

    /// <summary>Counts a failure against the address and the identifier; says which of them this failure started a block for.</summary>
    public FailureBursts RecordFailure(string? address, PresentedIdentifier? identifier)
    {
        var addressBurst = _addresses.Record(address);
        var identifierBurst = _identifiers.Record(identifier?.Key);
        if (address is not null && identifier is not null)
        {
            _pairs.Record(PairKey(address, identifier));
        }

        metrics.AuthenticationFailed();
        if (addressBurst)
        {
            metrics.Throttled();
        }

        if (identifierBurst && identifier is not null)
        {
            metrics.Throttled();
        }

        return new FailureBursts(addressBurst ? address : null, identifierBurst ? identifier : null);
    }

    private static string PairKey(string address, PresentedIdentifier identifier) => $"{address}\n{identifier.Key}";
}
