using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>
/// One delivery of an event to a webhook: <c>state</c> pending (waiting for its next attempt), delivered or failed
/// (given up). One delivery's own answer adds the JSON that was sent (<c>body</c>) and every attempt.
/// </summary>
public sealed record WebhookDeliveryResponse(
    string Id,
    string EventId,
    string Event,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    IdRef? ProcessRun,
    string? ResendOf,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Body = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<WebhookAttemptResponse>? AttemptLog = null);
