namespace Hangar.Contracts.V1;

/// <summary>How many files of one kind, and their bytes.</summary>
public sealed record StoredFilesResponse(long Count, long Bytes);
