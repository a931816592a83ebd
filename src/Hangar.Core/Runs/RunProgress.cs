namespace Hangar.Core.Runs;

/// <summary>A run's next state after a step, and the step to start next when the run goes on.</summary>
public sealed record RunProgress(ProcessRunState State, int? NextStep);
