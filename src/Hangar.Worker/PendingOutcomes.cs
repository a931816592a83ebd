using System.Text.Json;

namespace Hangar.Worker;

/// <summary>
/// Outcomes of finished step runs that the server has not acknowledged yet, one file each in
/// <c>outcomes/&lt;worker id&gt;/</c> of the work directory, so a worker that cannot reach the server (or is restarted
/// meanwhile) reports them later instead of leaving the step run to lapse and run again. Each worker has a folder of its
/// own: two workers sharing a work directory must not report (and so drop) each other's outcomes.
/// </summary>
internal sealed class PendingOutcomes(string workDirectory, string workerId)
{
    private readonly string _folder = Path.Combine(workDirectory, "outcomes", Guid.TryParse(workerId, out var id)
        ? id.ToString()
        : throw new ArgumentException("A worker id is a UUID.", nameof(workerId)));

    /// <summary>Writes the outcome whole (a half-written file is never left) before it is reported.</summary>
    public void Save(StepRunOutcome outcome)
    {
        Directory.CreateDirectory(_folder);
        var path = PathOf(outcome.StepRunId);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(outcome));
        File.Move(temp, path, overwrite: true);
    }

    public void Remove(string stepRunId) => File.Delete(PathOf(stepRunId));

    /// <summary>What an earlier life of this worker left unreported (unreadable files are dropped).</summary>
    public IReadOnlyList<StepRunOutcome> All()
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        var outcomes = new List<StepRunOutcome>();
        foreach (var file in Directory.EnumerateFiles(_folder))
        {
            try
            {
                if (file.EndsWith(".json", StringComparison.Ordinal)
                    && JsonSerializer.Deserialize<StepRunOutcome>(File.ReadAllBytes(file)) is { } outcome
                    && Guid.TryParse(outcome.StepRunId, out _) && file == PathOf(outcome.StepRunId))
                {
                    outcomes.Add(outcome);
                    continue;
                }
            }
            catch (JsonException)
            {
                // Not ours, or cut short: of no use.
            }

            File.Delete(file);
        }

        return outcomes;
    }

    private string PathOf(string stepRunId) => Path.Combine(_folder, $"{stepRunId}.json");
}
