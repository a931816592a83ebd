namespace Hangar.Contracts.WorkerV1;

/// <summary>Up to 1,000 console lines; lines whose sequence was stored before are skipped, so a retry is harmless.</summary>
public sealed record ConsoleBatchRequest(List<ConsoleLine>? Messages);
