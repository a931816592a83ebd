using System.Collections.Concurrent;
using Hangar.Core.Domain;

namespace Hangar.Core.Services;

/// <summary>
/// Keeps keys found by hash for a moment so that a busy client does not cost a database read per request.
/// A change made on this node drops the entry at once; other nodes see it within <see cref="Lifetime"/>.
/// Unknown values are not cached, so garbage cannot fill memory.
/// </summary>
public sealed class ApiKeyCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKey Key, long ExpiresAt)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string keyHash, out ApiKey key)
    {
        if (_entries.TryGetValue(keyHash, out var entry) && entry.ExpiresAt > time.GetTimestamp())
        {
            key = entry.Key;
            return true;
        }

        key = null!;
        return false;
    }

    public void Set(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var expiresAt = time.GetTimestamp() + (long)(Lifetime.TotalSeconds * time.TimestampFrequency);
        _entries[key.KeyHash] = (key, expiresAt);
    }

    public void Invalidate(string keyHash) => _entries.TryRemove(keyHash, out _);
}
