namespace Hangar.Contracts.V1;

/// <summary>
/// <c>/readyz</c>'s answer: <c>ready</c>, or <c>unavailable</c> with the reason of the first dependency that is down,
/// and each dependency's own state.
/// </summary>
public sealed record ReadinessResponse(string Status, string? Reason, ReadinessChecks Checks);
