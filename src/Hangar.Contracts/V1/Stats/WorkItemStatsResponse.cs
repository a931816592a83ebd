namespace Hangar.Contracts.V1.Stats;

/// <summary>Work items that reached an end (done or failed) in the period, and the failed ones by exception type.</summary>
public sealed record WorkItemStatsResponse(long Total, long FailedBusiness, long FailedApplication);
