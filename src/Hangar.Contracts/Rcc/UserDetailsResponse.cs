using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

public sealed record UserDetailsResponse([property: JsonPropertyName("user")] UserDetails User);
