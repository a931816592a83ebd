namespace Hangar.Core.Retention;

/// <summary>What one retention sweep did.</summary>
/// <param name="Runs">Runs deleted, with their step runs, items, files, console lines, events and artifacts.</param>
/// <param name="Blobs">Files deleted from the blob store (those of these runs, and any left queued by an earlier sweep).</param>
/// <param name="PagesReclaimed">SQLite pages given back to the file system (0 on PostgreSQL).</param>
public sealed record RetentionSweep(int Runs, int Blobs, long PagesReclaimed);
