using System.Security.Cryptography;
using Hangar.Core.Storage;

namespace Hangar.Storage.Blobs;

/// <summary>
/// Copies every blob of one store into another (an install's folder into S3) and verifies each copy by reading it
/// back: same size, same SHA-256 as the source. A blob the target already holds, verified the same way, is not copied
/// again, so a run that was interrupted, or that is repeated after the server wrote more blobs, only does what is left.
/// The source is never changed.
/// </summary>
public sealed class BlobMigration(IBlobStore source, IBlobStore target)
{
    private const int BufferSize = 81920;

    /// <param name="progress">Told after each blob (with the totals so far); <paramref name="failure"/> after each failure, with its reason.</param>
    public async Task<BlobMigrationSummary> RunAsync(Action<BlobMigrationSummary> progress, Action<string, string> failure, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(failure);
        var summary = new BlobMigrationSummary(0, 0, 0, 0, 0);
        await foreach (var blob in source.ListAsync(ct))
        {
            try
            {
                summary = await MigrateAsync(blob.Key, summary, ct);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or Amazon.Runtime.AmazonServiceException or UnauthorizedAccessException
                                           or Amazon.Runtime.AmazonClientException)
            {
                failure(blob.Key, ex.Message);
                summary = summary with { Failed = summary.Failed + 1 };
            }

            progress(summary);
        }

        return summary;
    }

    private async Task<BlobMigrationSummary> MigrateAsync(string key, BlobMigrationSummary summary, CancellationToken ct)
    {
        var original = await HashAsync(source, key, ct);
        if (original is null)
        {
            // Deleted since the listing (retention, a deleted package): nothing to move.
            return summary with { Gone = summary.Gone + 1 };
        }

        if (await HashAsync(target, key, ct) == original)
        {
            return summary with { AlreadyThere = summary.AlreadyThere + 1 };
        }

        await using (var content = await source.OpenReadAsync(key, ct))
        {
            if (content is null)
            {
                return summary with { Gone = summary.Gone + 1 };
            }

            await target.PutAsync(key, content.Content, ct);
        }

        var copy = await HashAsync(target, key, ct);
        if (copy != original)
        {
            throw new IOException(copy is null
                ? "the copy is missing from the target after it was written"
                : $"the copy differs from the source (size {copy.Value.Size} instead of {original.Value.Size}, or another SHA-256)");
        }

        return summary with { Copied = summary.Copied + 1, CopiedBytes = summary.CopiedBytes + original.Value.Size };
    }

    /// <summary>The size and SHA-256 of a blob as the store hands it out, or null when there is none.</summary>
    private static async Task<(long Size, string Sha256)?> HashAsync(IBlobStore store, string key, CancellationToken ct)
    {
        await using var blob = await store.OpenReadAsync(key, ct);
        if (blob is null)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long size = 0;
        int read;
        while ((read = await blob.Content.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
