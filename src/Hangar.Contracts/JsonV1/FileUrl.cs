using System.Text.Json.Serialization;

namespace Hangar.Contracts.JsonV1;

/// <summary>A signed download URL of a work item file: GET it with no credentials.</summary>
public sealed record FileUrl([property: JsonPropertyName("url")] string Url);
