namespace Hangar.Storage.Blobs;

/// <summary>What a <see cref="BlobMigration"/> did (so far, while it reports progress).</summary>
public sealed record BlobMigrationSummary(int Copied, long CopiedBytes, int AlreadyThere, int Gone, int Failed)
{
    public int Checked => Copied + AlreadyThere + Gone + Failed;
}
