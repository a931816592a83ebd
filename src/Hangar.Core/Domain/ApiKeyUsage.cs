namespace Hangar.Core.Domain;

/// <summary>Usage of one key gathered in memory since the last write: how many requests, and the latest one.</summary>
public sealed record ApiKeyUsage(string KeyId, long Count, DateTimeOffset LastUsedAt, string? LastUsedIp);
