namespace Hangar.Contracts.V1.Stats;

/// <summary>The workspace's workers by state: <c>online</c> counts idle and busy ones.</summary>
public sealed record WorkerCountsResponse(long Online, long Busy, long Offline);
