using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

public sealed class PendingOutcomesTests : IDisposable
{
    private readonly string _workDir = TempDirectory.Create("hangar-outcomes");

    public void Dispose() => TempDirectory.TryDelete(_workDir);

    [Fact]
    public void ASavedOutcome_IsThereForTheNextStart_UntilRemoved()
    {
        var worker = Guid.CreateVersion7().ToString();
        var outcome = new StepRunOutcome(Guid.CreateVersion7().ToString(), 3, "robot_failure", "exit 3", Release: false);
        new PendingOutcomes(_workDir, worker).Save(outcome);

        var nextLife = new PendingOutcomes(_workDir, worker);
        Assert.Equal([outcome], nextLife.All());

        nextLife.Remove(outcome.StepRunId);
        Assert.Empty(new PendingOutcomes(_workDir, worker).All());
    }

    [Fact]
    public void TwoWorkersSharingAWorkDir_SeeOnlyTheirOwnOutcomes()
    {
        var (a, b) = (Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString());
        var ofA = new StepRunOutcome(Guid.CreateVersion7().ToString(), 0, null, null, Release: false);
        var ofB = new StepRunOutcome(Guid.CreateVersion7().ToString(), -1, "worker_stopped", null, Release: true);
        new PendingOutcomes(_workDir, a).Save(ofA);
        new PendingOutcomes(_workDir, b).Save(ofB);

        Assert.Equal([ofA], new PendingOutcomes(_workDir, a).All());
        Assert.Equal([ofB], new PendingOutcomes(_workDir, b).All());
    }

    [Fact]
    public void AFileCutShort_OrNotAnOutcome_IsDropped()
    {
        var worker = Guid.CreateVersion7().ToString();
        var outcomes = new PendingOutcomes(_workDir, worker);
        var kept = new StepRunOutcome(Guid.CreateVersion7().ToString(), 0, null, null, Release: false);
        outcomes.Save(kept);
        var folder = Path.Combine(_workDir, "outcomes", worker);
        File.WriteAllText(Path.Combine(folder, $"{Guid.CreateVersion7()}.json"), "{\"step_run_id\": \"01");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an outcome");

        Assert.Equal([kept], outcomes.All());
        Assert.Single(Directory.EnumerateFiles(folder));
    }
}
