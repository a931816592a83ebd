using System.Text.Json.Serialization;

namespace Hangar.Contracts.SecretsV1;

/// <summary>The answer to a robot's write (Robocorp's clients read only the status).</summary>
public sealed record TransitSecretWritten(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description);
