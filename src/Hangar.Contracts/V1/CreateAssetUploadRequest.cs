namespace Hangar.Contracts.V1;

/// <summary>An upload of an asset's content: inline as base64 <c>data</c> (small content), or without it to get an upload URL.</summary>
public sealed record CreateAssetUploadRequest(string? ContentType, string? Data = null);
