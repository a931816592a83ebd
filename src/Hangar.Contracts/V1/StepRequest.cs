using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record StepRequest(
    string? Name,
    IdRef? TaskPackage,
    IdRef? TaskPackageVersion,
    string? Task,
    IdRef? WorkerGroup,
    int? TimeoutSeconds,
    int? MaxParallel,
    int? RetriesOnWorkerLoss);
