namespace Hangar.Contracts.V1;

public sealed record StepRunEventResponse(DateTimeOffset Timestamp, string EventType);
