using Hangar.Contracts.V1;

namespace Hangar.Cli.Client;

/// <summary><c>hangar runs show --output json</c>: the run as the API gives it, with its step runs, item counts per state and outputs.</summary>
internal sealed record RunDetails(
    ProcessRunResponse Run,
    IReadOnlyList<StepRunResponse> StepRuns,
    IReadOnlyDictionary<string, int> WorkItems,
    IReadOnlyList<RunOutputResponse> Outputs);
