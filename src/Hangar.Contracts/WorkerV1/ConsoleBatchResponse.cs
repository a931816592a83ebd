namespace Hangar.Contracts.WorkerV1;

/// <summary>How many of the sent lines were new.</summary>
public sealed record ConsoleBatchResponse(int Accepted);
