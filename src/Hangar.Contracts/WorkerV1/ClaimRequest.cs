namespace Hangar.Contracts.WorkerV1;

/// <summary>
/// How long (0 to 30 s) the claim may wait for work before answering 204, and how the worker isolates robots
/// (<c>sandbox</c>, <c>user</c> or <c>environment</c>; shown with the worker in the API and the UI).
/// </summary>
public sealed record ClaimRequest(int? WaitSeconds, string? Isolation = null);
