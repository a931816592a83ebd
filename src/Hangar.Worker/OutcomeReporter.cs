using System.Net;

namespace Hangar.Worker;

/// <summary>
/// Tells the server how a step run ended, until it has heard it: an outcome is kept on disk first, then sent again
/// with growing pauses (0.5 s up to 10 s) while the server cannot be reached or answers an error of its own. It is
/// dropped once the server accepted it, or answered that the worker no longer holds the step run (the lease is
/// certainly lost: the server took it back). Past <c>giveUp</c> (the worker is shutting down) it stays on disk, and
/// the worker's next start reports it.
/// </summary>
internal sealed class OutcomeReporter(WorkerApi api, PendingOutcomes outcomes, TextWriter log, TimeProvider time)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);

    /// <summary>Keeps and reports the outcome; true when the server accepted it.</summary>
    /// <param name="lost">Whether the worker learnt meanwhile (from a heartbeat) that the step run is no longer its own.</param>
    public async Task<bool> ReportAsync(StepRunOutcome outcome, Func<bool> lost, CancellationToken giveUp)
    {
        outcomes.Save(outcome);
        var pause = FirstPause;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var accepted = outcome.Release
                    ? await api.ReleaseAsync(outcome.StepRunId, giveUp)
                    : await api.CompleteAsync(outcome.StepRunId, outcome.ExitCode, outcome.ErrorCode, outcome.ErrorMessage, giveUp);
                outcomes.Remove(outcome.StepRunId);
                if (!accepted)
                {
                    await log.WriteLineAsync($"hangar worker: the server no longer gives step run {outcome.StepRunId} to this worker; its end is not reported.");
                }

                return accepted;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError)
            {
                // Refused for good (not a lapse of the server): sending it again changes nothing.
                outcomes.Remove(outcome.StepRunId);
                await log.WriteLineAsync($"hangar worker: the server refused the end of step run {outcome.StepRunId}: {ex.Message}");
                return false;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !giveUp.IsCancellationRequested)
            {
                if (attempt == 1)
                {
                    await log.WriteLineAsync($"hangar worker: could not report the end of step run {outcome.StepRunId} yet ({ex.Message}); retrying.");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                await log.WriteLineAsync($"hangar worker: the end of step run {outcome.StepRunId} is kept to be reported at the next start.");
                return false;
            }

            if (lost())
            {
                outcomes.Remove(outcome.StepRunId);
                return false;
            }

            try
            {
                await Task.Delay(pause, time, giveUp);
            }
            catch (OperationCanceledException)
            {
                await log.WriteLineAsync($"hangar worker: the end of step run {outcome.StepRunId} is kept to be reported at the next start.");
                return false;
            }

            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    /// <summary>Reports what an earlier life of this worker could not, one after the other.</summary>
    public async Task ReportLeftoversAsync(CancellationToken giveUp)
    {
        foreach (var outcome in outcomes.All())
        {
            await log.WriteLineAsync($"hangar worker: reporting the end of step run {outcome.StepRunId}, kept from before the worker restarted.");
            await ReportAsync(outcome, () => false, giveUp);
        }
    }
}
