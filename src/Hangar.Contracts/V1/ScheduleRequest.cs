using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>
/// A schedule to create, or changes to one (<c>PUT</c>: what the body holds changes; <c>"payload": null</c> removes the payload).
/// </summary>
public sealed class ScheduleRequest
{
    private JsonElement? _payload;

    public string? Cron { get; set; }
    public string? Timezone { get; set; }
    public bool? Enabled { get; set; }

    /// <summary>The input work item's payload (any JSON value); absent or null: the process's default payload.</summary>
    public JsonElement? Payload
    {
        get => _payload;
        set
        {
            _payload = value;
            PayloadGiven = true;
        }
    }

    /// <summary><c>skip</c> (default) or <c>allow</c>.</summary>
    public string? Overlap { get; set; }

    /// <summary><c>skip</c> (default) or <c>once</c>.</summary>
    public string? CatchUp { get; set; }

    [JsonIgnore]
    public bool PayloadGiven { get; private set; }
}
