using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

public sealed record LegacyId([property: JsonPropertyName("id")] string Id);
