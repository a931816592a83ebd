namespace Hangar.Contracts.V1;

/// <summary>A line of the delivery log: one attempt, its answer's status and first kilobyte, or why none came.</summary>
public sealed record WebhookAttemptResponse(
    string Id,
    string DeliveryId,
    string Event,
    int Attempt,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    int LatencyMs,
    string? Response,
    string? Error);
