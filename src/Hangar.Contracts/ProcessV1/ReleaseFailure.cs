using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>Why a robot failed an item: <c>type</c> BUSINESS (bad data, not worth retrying) or APPLICATION.</summary>
public sealed record ReleaseFailure(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);
