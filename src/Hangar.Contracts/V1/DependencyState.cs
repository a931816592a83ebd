namespace Hangar.Contracts.V1;

/// <summary>One dependency in <see cref="ReadinessChecks"/>: <c>up</c> or <c>down</c> with a reason; the leadership also says the node's role (<c>leader</c>, <c>follower</c>).</summary>
public sealed record DependencyState(string Status, string? Reason = null, string? Role = null);
