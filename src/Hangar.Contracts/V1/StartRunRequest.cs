using System.Text.Json;

namespace Hangar.Contracts.V1;

/// <summary>
/// Robocorp's start-run body: empty, <c>{"type":"with_payloads","payloads":[...]}</c>,
/// <c>{"type":"with_work_item_ids","work_item_ids":[...]}</c> or <c>{"type":"with_inputs"}</c>, each with an optional callback.
/// </summary>
public sealed record StartRunRequest(string? Type = null, List<JsonElement>? Payloads = null, List<string>? WorkItemIds = null, CallbackRequest? Callback = null);
