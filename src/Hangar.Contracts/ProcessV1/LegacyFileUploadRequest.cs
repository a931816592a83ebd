using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

public sealed record LegacyFileUploadRequest(
    [property: JsonPropertyName("fileName")] string? FileName,
    [property: JsonPropertyName("fileSize")] long? FileSize);
