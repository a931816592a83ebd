using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>Robocorp's answer to a start: <c>{"started": true, "id": ...}</c>, or <c>{"started": false}</c> without an id.</summary>
public sealed record StartRunResponse(
    bool Started,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);
