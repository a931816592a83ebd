using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record StepRequest(
    string? Name,
    IdRef? TaskPackage,
    IdRef? TaskPackageVersion,
    string? Task,
    IdRef? WorkerGroup,
    int? TimeoutSeconds,
    int? MaxParallel,
    int? RetriesOnWorkerLoss);

public sealed record CreateProcessRequest(string? Name, string? Description, List<StepRequest>? Steps, JsonElement? DefaultPayload);

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

public sealed record StepResponse(
    string Id,
    string Name,
    IdRef TaskPackage,
    IdRef? TaskPackageVersion,
    string Task,
    IdRef? WorkerGroup,
    int TimeoutSeconds,
    int MaxParallel,
    int RetriesOnWorkerLoss);

public sealed record ProcessResponse(string Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<StepResponse> Steps, JsonElement? DefaultPayload);

/// <summary>A process as Robocorp's v1 list shows it.</summary>
public sealed record ProcessSummaryResponse(string Id, string Name, DateTimeOffset CreatedAt);
