using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record StopRunRequest(bool? SetRemainingWorkItemsAsDone, bool? TerminateOngoingActivityRuns, string? Reason = null);
