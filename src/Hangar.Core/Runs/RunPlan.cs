using Hangar.Core.Domain;

namespace Hangar.Core.Runs;

/// <summary>Everything one new run consists of, written together by <see cref="Stores.IRunStore.StartAsync"/>.</summary>
/// <param name="Run">The run (its number is given when it is written).</param>
/// <param name="NewItems">Input items created with the run.</param>
/// <param name="QueuedItemIds">Items waiting in the process's input queue (state new) that the run takes.</param>
/// <param name="FirstStepId">The step the input items belong to.</param>
/// <param name="StepRuns">The first step's step runs, queued for workers.</param>
/// <param name="Events">The step runs' first lifecycle events ("queued").</param>
/// <param name="NewFiles">Files of the new input items (see <see cref="PreparedInputItem"/>); their blobs are stored already.</param>
public sealed record RunPlan(ProcessRun Run, IReadOnlyList<WorkItem> NewItems, IReadOnlyList<string> QueuedItemIds, string FirstStepId,
    IReadOnlyList<StepRun> StepRuns, IReadOnlyList<StepRunEvent> Events, IReadOnlyList<WorkItemFile>? NewFiles = null);
