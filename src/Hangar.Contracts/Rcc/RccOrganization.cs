using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

public sealed record RccOrganization([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);
