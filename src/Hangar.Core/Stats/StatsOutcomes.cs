using Hangar.Core.Domain;
using Hangar.Core.Runs;

namespace Hangar.Core.Stats;

/// <summary>How an ended run counts (the storage layer's SQL classifies the same way; see <see cref="RunOutcome"/>).</summary>
public static class StatsOutcomes
{
    public static RunOutcome Of(ProcessRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State switch
        {
            ProcessRunState.Completed => RunOutcome.Completed,
            ProcessRunState.Stopped => RunOutcome.Stopped,
            _ when run.StartedAt is null => RunOutcome.FailedToStart,
            _ => RunOutcome.Unresolved,
        };
    }
}
