using Hangar.Core.Errors;
using Hangar.Core.Runs;

namespace Hangar.Core.Tests;

public class RunTransitionsTests
{
    [Theory]
    [InlineData(ProcessRunState.New, ProcessRunState.InProgress)]
    [InlineData(ProcessRunState.InProgress, ProcessRunState.Completed)]
    [InlineData(ProcessRunState.InProgress, ProcessRunState.Unresolved)]
    [InlineData(ProcessRunState.Unresolved, ProcessRunState.InProgress)]
    [InlineData(ProcessRunState.Unresolved, ProcessRunState.Completed)]
    [InlineData(ProcessRunState.InProgress, ProcessRunState.Stopping)]
    [InlineData(ProcessRunState.Stopping, ProcessRunState.Stopped)]
    [InlineData(ProcessRunState.New, ProcessRunState.Stopping)]
    [InlineData(ProcessRunState.Unresolved, ProcessRunState.Stopping)]
    public void Run_AllowedMoves(ProcessRunState from, ProcessRunState to) => Assert.Equal(to, RunTransitions.Move(from, to));

    [Theory]
    [InlineData(ProcessRunState.Completed, ProcessRunState.InProgress)]
    [InlineData(ProcessRunState.Stopped, ProcessRunState.InProgress)]
    [InlineData(ProcessRunState.Stopping, ProcessRunState.Completed)]
    [InlineData(ProcessRunState.New, ProcessRunState.Completed)]
    [InlineData(ProcessRunState.Stopping, ProcessRunState.InProgress)]
    [InlineData(ProcessRunState.Stopped, ProcessRunState.Stopping)]
    public void Run_ForbiddenMoves_AreConflicts(ProcessRunState from, ProcessRunState to)
    {
        var ex = Assert.Throws<HangarException>(() => RunTransitions.Move(from, to));
        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        Assert.Equal("invalid_state", ex.Code);
    }

    [Fact]
    public void TerminalStates_AreCompletedAndStopped_AndTheEndsOfStepRuns()
    {
        Assert.True(RunTransitions.IsTerminal(ProcessRunState.Completed));
        Assert.True(RunTransitions.IsTerminal(ProcessRunState.Stopped));
        Assert.False(RunTransitions.IsTerminal(ProcessRunState.Unresolved));
        Assert.True(RunTransitions.IsTerminal(StepRunState.Completed));
        Assert.True(RunTransitions.IsTerminal(StepRunState.Failed));
        Assert.False(RunTransitions.IsTerminal(StepRunState.AwaitingWorker));
    }

    [Theory]
    [InlineData(0, ProcessRunState.Stopped)]
    [InlineData(1, ProcessRunState.Stopping)]
    [InlineData(3, ProcessRunState.Stopping)]
    public void AfterStop_IsStoppedAtOnce_UnlessStepRunsStillExecute(int executing, ProcessRunState state) =>
        Assert.Equal(state, RunTransitions.AfterStop(executing));

    [Theory]
    [InlineData(ProcessRunState.Stopping, true, true)]
    [InlineData(ProcessRunState.Stopping, false, false)]
    [InlineData(ProcessRunState.Stopped, false, true)]
    [InlineData(ProcessRunState.Stopped, true, true)]
    [InlineData(ProcessRunState.InProgress, false, false)]
    [InlineData(ProcessRunState.InProgress, true, false)]
    public void RunningRobot_IsCancelledOnlyByATerminatingStop_OrARunThatEnded(ProcessRunState state, bool terminates, bool cancel) =>
        Assert.Equal(cancel, RunTransitions.CancelsRunningRobot(state, terminates));

    [Fact]
    public void StepRuns_GoBackToTheQueueOnlyFromInProgress()
    {
        Assert.True(RunTransitions.CanMove(StepRunState.InProgress, StepRunState.AwaitingWorker));
        Assert.False(RunTransitions.CanMove(StepRunState.Completed, StepRunState.AwaitingWorker));
        Assert.False(RunTransitions.CanMove(StepRunState.AwaitingWorker, StepRunState.Completed));
    }

    [Fact]
    public void WorkItems_FailedCanBeRetriedOrMarkedDone_DoneIsFinal()
    {
        Assert.True(RunTransitions.CanMove(WorkItemState.Failed, WorkItemState.Pending));
        Assert.True(RunTransitions.CanMove(WorkItemState.Failed, WorkItemState.Done));
        Assert.True(RunTransitions.CanMove(WorkItemState.InProgress, WorkItemState.Pending));
        Assert.False(RunTransitions.CanMove(WorkItemState.Done, WorkItemState.Pending));
        Assert.False(RunTransitions.CanMove(WorkItemState.New, WorkItemState.InProgress));
        Assert.Contains("in_progress", Assert.Throws<HangarException>(() => RunTransitions.Move(WorkItemState.Done, WorkItemState.InProgress)).Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, 0, 5, ProcessRunState.Completed, null)]
    [InlineData(0, 2, 0, 3, ProcessRunState.InProgress, 1)]
    [InlineData(0, 2, 0, 0, ProcessRunState.Completed, null)]
    [InlineData(0, 2, 1, 3, ProcessRunState.Unresolved, null)]
    [InlineData(1, 2, 0, 1, ProcessRunState.Completed, null)]
    public void AfterStep_DecidesWhatTheRunDoesNext(int step, int steps, int failed, int outputs, ProcessRunState state, int? next)
    {
        var progress = RunTransitions.AfterStep(step, steps, failed, outputs);
        Assert.Equal(state, progress.State);
        Assert.Equal(next, progress.NextStep);
    }

    [Fact]
    public void Payloads_AreJsonWithinTheLimit()
    {
        Assert.Null(Payloads.Check(null));
        Assert.Equal("[1,2]", Payloads.Check("[1,2]"));
        Assert.Equal("invalid_json", Assert.Throws<HangarException>(() => Payloads.Check("{nope")).Code);
        var big = "\"" + new string('x', RunLimits.MaxPayloadBytes) + "\"";
        Assert.Equal(ErrorKind.PayloadTooLarge, Assert.Throws<HangarException>(() => Payloads.Check(big)).Kind);
        var deep = new string('[', 100) + new string(']', 100);
        Assert.Equal("invalid_json", Assert.Throws<HangarException>(() => Payloads.Check(deep)).Code);
    }
}
