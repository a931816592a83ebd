namespace Hangar.Core.Storage;

/// <summary>A blob as a listing shows it: its key, size in bytes and when it was last written.</summary>
public sealed record StoredBlob(string Key, long Size, DateTimeOffset LastModified);
