namespace Hangar.Core.Storage;

/// <summary>What a put stored: the key, the size in bytes and the lower-case hex SHA-256 of the content.</summary>
public sealed record BlobInfo(string Key, long Size, string Sha256);
