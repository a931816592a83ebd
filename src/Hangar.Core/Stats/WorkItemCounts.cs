namespace Hangar.Core.Stats;

/// <summary>Work items that ended (done or failed), and the failed ones by type (orchestrator failures count as application).</summary>
public sealed record WorkItemCounts(long Total, long FailedBusiness, long FailedApplication)
{
    public long Failed => FailedBusiness + FailedApplication;
}
