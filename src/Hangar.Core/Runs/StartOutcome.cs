using Hangar.Core.Domain;

namespace Hangar.Core.Runs;

/// <summary>The runs a trigger started; <see cref="Replayed"/> when they are those of an earlier request with the same idempotency key.</summary>
public sealed record StartOutcome(IReadOnlyList<ProcessRun> Runs, bool Replayed);
