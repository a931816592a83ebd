using System.Collections.Concurrent;

namespace Hangar.Server.Auth;

/// <summary>
/// Slows down guessing: a client address with <see cref="MaxFailures"/> failed authentications (bad keys, bad
/// passwords, bad signatures) within <see cref="Window"/> is refused with 429 for <see cref="BlockFor"/>.
/// Successful requests are never counted, so a valid key's traffic is never slowed.
/// </summary>
public sealed class AuthFailureThrottle(TimeProvider time)
{
    public const int MaxFailures = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan BlockFor = TimeSpan.FromMinutes(1);
    private const int MaxTrackedAddresses = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether the address is blocked now, and for how many more seconds.</summary>
    public bool IsBlocked(string? address, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (address is null || !_entries.TryGetValue(address, out var entry))
        {
            return false;
        }

        var now = time.GetUtcNow();
        lock (entry)
        {
            if (entry.BlockedUntil is { } until && until > now)
            {
                retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds));
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts a failure; true when this failure starts a block (the moment to write an audit entry).</summary>
    public bool RecordFailure(string? address)
    {
        if (address is null)
        {
            return false;
        }

        if (_entries.Count > MaxTrackedAddresses)
        {
            Prune();
        }

        var now = time.GetUtcNow();
        var entry = _entries.GetOrAdd(address, static _ => new Entry());
        lock (entry)
        {
            if (entry.WindowStart + Window <= now)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }

            entry.Failures++;
            if (entry.Failures >= MaxFailures && (entry.BlockedUntil is null || entry.BlockedUntil <= now))
            {
                entry.BlockedUntil = now + BlockFor;
                entry.Failures = 0;
                entry.WindowStart = now;
                return true;
            }
        }

        return false;
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (address, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.WindowStart + Window <= now && (entry.BlockedUntil is null || entry.BlockedUntil <= now))
                {
                    _entries.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; set; }
        public int Failures { get; set; }
        public DateTimeOffset? BlockedUntil { get; set; }
    }
}
