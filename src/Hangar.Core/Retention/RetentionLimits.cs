namespace Hangar.Core.Retention;

/// <summary>How long finished runs are kept, and how the sweep that deletes them paces itself.</summary>
public static class RetentionLimits
{
    /// <summary>What a new workspace keeps: finished runs whose end is older than this many days are deleted.</summary>
    public const int DefaultRunRetentionDays = 90;

    public const int MinRunRetentionDays = 1;

    /// <summary>Ten years: beyond that, "keep forever" (null) says what is meant.</summary>
    public const int MaxRunRetentionDays = 3650;

    /// <summary>
    /// Runs deleted per transaction. On SQLite every batch holds the single writer (triggers queue behind it), so a
    /// batch is kept to tens of milliseconds; see docs/performance.md for the measured rate.
    /// </summary>
    public const int RunsPerBatch = 100;

    /// <summary>Queued blob deletions read (and then forgotten) at a time.</summary>
    public const int BlobsPerBatch = 500;

    /// <summary>Free SQLite pages given back to the file system per step (4 KiB each: 4 MiB), each step a short write of its own.</summary>
    public const int PagesPerReclaim = 1024;
}
