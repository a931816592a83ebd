using System.Text.Json;

namespace Hangar.Contracts.V1;

/// <summary>
/// Robocorp's start-run body: empty, <c>{"type":"with_payloads","payloads":[...]}</c>,
/// <c>{"type":"with_work_item_ids","work_item_ids":[...]}</c> or <c>{"type":"with_inputs"}</c>, each with an optional callback.
/// </summary>
public sealed record StartRunRequest(string? Type, List<JsonElement>? Payloads, List<string>? WorkItemIds, CallbackRequest? Callback);

public sealed record CallbackRequest(string? Url, string? Secret, List<string>? CallbackEvents);

public sealed record StartRunResponse(bool Started, string? Id);

public sealed record StopRunRequest(bool? SetRemainingWorkItemsAsDone, bool? TerminateOngoingActivityRuns, string? Reason);

public sealed record AcceptedResponse(bool Accepted);

public sealed record StartedByResponse(string Type, StartedByDetails? Details);

public sealed record StartedByDetails(string? Id, string? FirstName, string? LastName);

public sealed record ProcessRunResponse(
    string Id,
    long Number,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    NamedRef Process,
    StartedByResponse StartedBy,
    double? Duration,
    string? StopReason);

public sealed record StepRunError(string Code);

public sealed record StepRunResponse(
    string Id,
    long Number,
    string State,
    DateTimeOffset StateUpdatedAt,
    StepRunError? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    double? Duration,
    NamedRef Step,
    IdRef ProcessRun);
