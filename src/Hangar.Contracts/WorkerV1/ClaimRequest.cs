namespace Hangar.Contracts.WorkerV1;

/// <summary>How long (0 to 30 s) the claim may wait for work before answering 204.</summary>
public sealed record ClaimRequest(int? WaitSeconds);
