namespace Hangar.Contracts.V1;

public sealed record ConsoleMessageResponse(DateTimeOffset Timestamp, string Message, string Stream, long Sequence);
