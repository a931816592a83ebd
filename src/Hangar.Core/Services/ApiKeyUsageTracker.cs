using System.Collections.Concurrent;
using Hangar.Core.Domain;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Counts key use in memory and writes it in batches (at most one write per key per flush interval) instead of a
/// database write per request. Listings add what is still pending, so usage shows at once on this node.
/// </summary>
public sealed class ApiKeyUsageTracker
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);
    // One counter per key that was ever used on this node (bounded by the number of keys); drained, never removed,
    // so a request counted while a flush runs is never lost.
    private readonly ConcurrentDictionary<string, Counter> _pending = new(StringComparer.Ordinal);

    public void Record(string keyId, DateTimeOffset at, string? clientAddress)
    {
        var counter = _pending.GetOrAdd(keyId, static _ => new Counter());
        counter.Add(at, clientAddress);
    }

    /// <summary>Usage recorded but not yet written, for showing in listings.</summary>
    public ApiKeyUsage? Pending(string keyId)
    {
        var counted = _pending.TryGetValue(keyId, out var counter) ? counter.Snapshot(keyId) : null;
        var flushing = _flushing.TryGetValue(keyId, out var inFlight) ? inFlight : null;
        var count = (counted?.Count ?? 0) + (flushing?.Count ?? 0);
        if (count == 0)
        {
            return null;
        }

        var latest = flushing is null || (counted is { Count: > 0 } && counted.LastUsedAt >= flushing.LastUsedAt) ? counted! : flushing;
        return latest with { Count = count };
    }

    // Usage drained for a flush but not yet committed: still shown, since the flush may wait behind other writes
    // (SQLite has one writer) and a listing in that window would otherwise show the key as unused.
    private readonly ConcurrentDictionary<string, ApiKeyUsage> _flushing = new(StringComparer.Ordinal);

    /// <summary>Writes everything recorded so far through <paramref name="store"/>.</summary>
    public async Task FlushAsync(IApiKeyStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var usage = _pending.Select(kv => kv.Value.Drain(kv.Key)).Where(u => u.Count > 0).ToList();
        if (usage.Count == 0)
        {
            return;
        }

        foreach (var u in usage)
        {
            _flushing[u.KeyId] = u;
        }

        try
        {
            await store.ApplyUsageAsync(usage, ct);
            foreach (var u in usage)
            {
                _flushing.TryRemove(u.KeyId, out _);
            }
        }
        catch
        {
            foreach (var u in usage)
            {
                _flushing.TryRemove(u.KeyId, out _);
            }

            // Put the counts back so that a failed write loses nothing.
            foreach (var u in usage)
            {
                _pending.GetOrAdd(u.KeyId, static _ => new Counter()).Merge(u);
            }

            throw;
        }
    }

    private sealed class Counter
    {
        private readonly Lock _gate = new();
        private long _count;
        private DateTimeOffset _lastUsedAt;
        private string? _lastUsedIp;

        public void Add(DateTimeOffset at, string? ip)
        {
            lock (_gate)
            {
                _count++;
                if (at >= _lastUsedAt)
                {
                    _lastUsedAt = at;
                    _lastUsedIp = ip;
                }
            }
        }

        public void Merge(ApiKeyUsage usage)
        {
            lock (_gate)
            {
                _count += usage.Count;
                if (usage.LastUsedAt >= _lastUsedAt)
                {
                    _lastUsedAt = usage.LastUsedAt;
                    _lastUsedIp = usage.LastUsedIp;
                }
            }
        }

        /// <summary>Takes what was counted and starts again from zero (the last use stays known).</summary>
        public ApiKeyUsage Drain(string keyId)
        {
            lock (_gate)
            {
                var usage = new ApiKeyUsage(keyId, _count, _lastUsedAt, _lastUsedIp);
                _count = 0;
                return usage;
            }
        }

        public ApiKeyUsage Snapshot(string keyId)
        {
            lock (_gate)
            {
                return new ApiKeyUsage(keyId, _count, _lastUsedAt, _lastUsedIp);
            }
        }
    }
}
