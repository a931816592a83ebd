namespace Hangar.Core.Retention;

/// <summary>How many files of one kind a workspace keeps in the blob store, and their bytes, from the sizes recorded with their rows.</summary>
public sealed record StoredFiles(long Count, long Bytes);
