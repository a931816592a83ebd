using System.Collections.Concurrent;

namespace Hangar.Server.Auth;

/// <summary>
/// Failed authentications per key (an address, a user name, a key prefix) within a sliding minute, and the blocks they
/// start: one scope of <see cref="AuthFailureThrottle"/>. Bounded: when full, new keys are not tracked until expired
/// ones are pruned, so a flood of made-up names cannot grow memory (and each scope has its own bound, so it cannot
/// push the addresses out either).
/// </summary>
internal sealed class FailureCounter(TimeProvider time, int capacity, int maxFailures)
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _pruneLock = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Seconds the key stays blocked, or null when it is not blocked.</summary>
    public int? BlockedFor(string? key)
    {
        if (key is null || !_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (entry)
        {
            return entry.BlockedUntil is { } until && until > now
                ? Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds))
                : null;
        }
    }

    /// <summary>Whether the key failed within the last window (or is blocked).</summary>
    public bool FailedRecently(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        var now = time.GetUtcNow();
        lock (entry)
        {
            return entry.LastFailure + AuthFailureThrottle.Window > now || entry.BlockedUntil > now;
        }
    }

    /// <summary>Counts a failure; true when this failure starts a block (the moment to write an audit entry).</summary>
    public bool Record(string? key)
    {
        if (key is null || Find(key) is not { } entry)
        {
            return false;
        }

        var now = time.GetUtcNow();
        lock (entry)
        {
            if (entry.WindowStart + AuthFailureThrottle.Window <= now)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }

            entry.Failures++;
            entry.LastFailure = now;
            if (entry.Failures >= maxFailures && (entry.BlockedUntil is null || entry.BlockedUntil <= now))
            {
                entry.BlockedUntil = now + AuthFailureThrottle.BlockFor;
                entry.Failures = 0;
                entry.WindowStart = now;
                return true;
            }
        }

        return false;
    }

    private Entry? Find(string key)
    {
        if (_entries.TryGetValue(key, out var existing))
        {
            return existing;
        }

        if (_entries.Count >= capacity)
        {
            Prune();
            if (_entries.Count >= capacity)
            {
                return null;
            }
        }

        return _entries.GetOrAdd(key, static _ => new Entry());
    }

    /// <summary>Drops keys with nothing left to remember; at most every few seconds, so a full map does not cost a scan per request.</summary>
    private void Prune()
    {
        var now = time.GetUtcNow();
        lock (_pruneLock)
        {
            if (_lastPrune + PruneEvery > now)
            {
                return;
            }

            _lastPrune = now;
        }

        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.WindowStart + AuthFailureThrottle.Window <= now && entry.LastFailure + AuthFailureThrottle.Window <= now
                    && (entry.BlockedUntil is null || entry.BlockedUntil <= now))
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; set; }
        public DateTimeOffset LastFailure { get; set; }
        public int Failures { get; set; }
        public DateTimeOffset? BlockedUntil { get; set; }
    }
}
