using Hangar.Client;
using Hangar.Contracts.V1;

namespace Hangar.Cli.Client;

/// <summary>
/// Follows a run until it ends: a line per step run state change, each step run's console as it is written (polled
/// after the last line read), and a spinner while nothing runs yet (on a terminal only).
/// </summary>
internal sealed class RunFollower(HangarClient client, string workspaceId, string runId, CommandOutput output, bool console)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);
    private static readonly string[] SpinnerFrames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private readonly HashSet<string> _drained = new(StringComparer.Ordinal);
    private int _frame;
    private bool _spinnerShown;

    /// <summary>Where the follow lines go: stdout for people; stderr with <c>--output json</c>, where stdout is the final run only.</summary>
    private TextWriter Lines => output.IsJson ? output.Error : output.Out;

    private bool Spinner => output.IsTerminal && !output.IsJson;

    public async Task<ProcessRunResponse> FollowAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                // The run is read before its step runs: once it has ended, every step run has too, so this look's console is the last.
                var run = await client.GetRunAsync(workspaceId, runId, ct);
                var stepRuns = await client.ListStepRunsAsync(workspaceId, runId, ct).ToListAsync(ct);
                var running = false;
                foreach (var stepRun in stepRuns.OrderBy(s => s.Number))
                {
                    running |= stepRun.State is "in_progress" or "completed" or "failed";
                    await ShowAsync(stepRun, stepRuns.Count > 1, ct);
                }

                if (HangarClient.HasEnded(run))
                {
                    return run;
                }

                if (!running && Spinner)
                {
                    Lines.Write($"\r{SpinnerFrames[_frame++ % SpinnerFrames.Length]} run #{run.Number} {run.HangarState}: waiting for a worker…");
                    _spinnerShown = true;
                }

                await Task.Delay(PollInterval, ct);
            }
        }
        finally
        {
            ClearSpinner();
        }
    }

    private async Task ShowAsync(StepRunResponse stepRun, bool several, CancellationToken ct)
    {
        var ended = stepRun.State is "completed" or "failed";
        var changed = !_states.TryGetValue(stepRun.Id, out var known) || known != stepRun.State;
        _states[stepRun.Id] = stepRun.State;

        // A step run that starts is announced before its console; one that ends, after its last lines.
        if (changed && !ended)
        {
            WriteLine(StateLine(stepRun));
        }

        if (console && stepRun.State is "in_progress" or "completed" or "failed" && !_drained.Contains(stepRun.Id))
        {
            var prefix = several ? $"[{stepRun.Step.Name} #{stepRun.Number}] " : string.Empty;
            await foreach (var line in client.ListConsoleMessagesAsync(workspaceId, stepRun.Id,
                               _lastSequence.TryGetValue(stepRun.Id, out var last) ? last : null, ct))
            {
                WriteLine(prefix + line.Message);
                _lastSequence[stepRun.Id] = line.Sequence;
            }

            if (ended)
            {
                _drained.Add(stepRun.Id);
            }
        }

        if (changed && ended)
        {
            WriteLine(StateLine(stepRun));
        }
    }

    private static string StateLine(StepRunResponse stepRun)
    {
        var step = string.IsNullOrEmpty(stepRun.Step.Name) ? "step" : $"step '{stepRun.Step.Name}'";
        var error = stepRun.Error is { } e ? $" ({e.Code})" : string.Empty;
        return $"── {step}, step run #{stepRun.Number}: {stepRun.State.Replace('_', ' ')}{error}";
    }

    private void WriteLine(string text)
    {
        ClearSpinner();
        Lines.WriteLine(text);
    }

    private void ClearSpinner()
    {
        if (_spinnerShown)
        {
            Lines.Write("\r\u001b[2K");
            _spinnerShown = false;
        }
    }
}
