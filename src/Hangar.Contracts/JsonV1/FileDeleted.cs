using System.Text.Json.Serialization;

namespace Hangar.Contracts.JsonV1;

public sealed record FileDeleted(
    [property: JsonPropertyName("fileId")] string FileId,
    [property: JsonPropertyName("deleted")] bool Deleted);
