namespace Hangar.Contracts.V1;

/// <summary>A presigned GET: fetch <see cref="Url"/> with no credentials.</summary>
public sealed record DownloadLinkResponse(string Url, DateTimeOffset ExpiresAt);
