using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary><c>rcc cloud new</c>: <c>{"name": ...}</c>.</summary>
public sealed record RccNewRobotRequest([property: JsonPropertyName("name")] string? Name);
