using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>An asset's content: <c>{"type":"empty"}</c>, or <c>{"type":"url", content_type, url}</c> with a signed download URL.</summary>
public sealed record AssetPayloadResponse(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContentType = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null);
