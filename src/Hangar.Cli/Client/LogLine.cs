namespace Hangar.Cli.Client;

/// <summary>One console line of <c>hangar runs logs --output json</c>: the API's console message with the step run it came from.</summary>
internal sealed record LogLine(string StepRunId, long Sequence, DateTimeOffset Timestamp, string Stream, string Message);
