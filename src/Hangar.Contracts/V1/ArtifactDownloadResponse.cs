namespace Hangar.Contracts.V1;

/// <summary>An artifact with a signed URL to download it (no credentials needed).</summary>
public sealed record ArtifactDownloadResponse(string Id, string Name, long Size, string Url);
