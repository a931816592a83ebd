using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary>A robot (task package) as rcc reads it; <see cref="Package"/> is left out until a zip is uploaded.</summary>
public sealed record RccRobot(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("package"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RccRobotPackage? Package);
