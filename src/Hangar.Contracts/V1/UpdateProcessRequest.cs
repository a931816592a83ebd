using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>A partial update: what the body holds changes; <c>steps</c> replaces the whole list; <c>"default_payload": null</c> removes it.</summary>
public sealed class UpdateProcessRequest
{
    private JsonElement? _defaultPayload;

    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<StepRequest>? Steps { get; set; }

    public JsonElement? DefaultPayload
    {
        get => _defaultPayload;
        set
        {
            _defaultPayload = value;
            DefaultPayloadGiven = true;
        }
    }

    [JsonIgnore]
    public bool DefaultPayloadGiven { get; private set; }
}
