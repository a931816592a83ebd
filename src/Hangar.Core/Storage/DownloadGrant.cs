using System.Text.Json.Serialization;

namespace Hangar.Core.Storage;

/// <summary>A download a signed URL allows: which blob, and how to name and type it for the client.</summary>
public sealed record DownloadGrant(
    [property: JsonPropertyName("k")] string BlobKey,
    [property: JsonPropertyName("fn")] string FileName,
    [property: JsonPropertyName("ct")] string ContentType);
