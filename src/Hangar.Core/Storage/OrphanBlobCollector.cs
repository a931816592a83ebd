namespace Hangar.Core.Storage;

/// <summary>
/// Deletes blobs that no row names. Every writer stores its blob first and commits its row after, so a crash (or a
/// refused commit) between the two leaves a blob without a row: unreachable space, never a row without its blob. This
/// finds such blobs once they are older than <see cref="Grace"/> (long enough for any upload to have committed its row)
/// and deletes them. Only Hangar's own layout (<c>ws/...</c>) is looked at.
/// </summary>
public sealed class OrphanBlobCollector(IBlobStore blobs, IBlobReferenceStore references, TimeProvider time)
{
    /// <summary>How old a blob without a row must be before it is collected.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(24);

    /// <summary>Keys checked against the database at once.</summary>
    public const int KeysPerCheck = 500;

    /// <summary>Orphans deleted in one sweep at most; the next sweep takes the rest.</summary>
    public const int MaxPerSweep = 10_000;

    /// <summary>Lists the store, then deletes what no row names; answers how many blobs were deleted.</summary>
    /// <param name="keepGoing">Asked between checks; false stops the sweep (the node stopped leading).</param>
    public async Task<int> CollectAsync(Func<bool> keepGoing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keepGoing);
        var olderThan = time.GetUtcNow() - Grace;
        var orphans = new List<string>();
        var batch = new List<string>(KeysPerCheck);
        // Deleted after the listing, not during it: a folder store's listing must not lose the folders it walks.
        await foreach (var blob in blobs.ListAsync(ct))
        {
            if (!blob.Key.StartsWith("ws/", StringComparison.Ordinal) || blob.LastModified > olderThan)
            {
                continue;
            }

            batch.Add(blob.Key);
            if (batch.Count == KeysPerCheck)
            {
                await AddUnreferencedAsync(batch, orphans, ct);
                if (orphans.Count >= MaxPerSweep || !keepGoing())
                {
                    break;
                }
            }
        }

        await AddUnreferencedAsync(batch, orphans, ct);
        foreach (var key in orphans.Take(MaxPerSweep))
        {
            await blobs.DeleteAsync(key, ct);
        }

        return Math.Min(orphans.Count, MaxPerSweep);
    }

    private async Task AddUnreferencedAsync(List<string> batch, List<string> orphans, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var referenced = await references.FindReferencedAsync(batch, ct);
        orphans.AddRange(batch.Where(k => !referenced.Contains(k)));
        batch.Clear();
    }
}
