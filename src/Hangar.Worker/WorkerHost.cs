using System.Net;

namespace Hangar.Worker;

/// <summary>
/// The worker's main loop: <see cref="Concurrency"/> slots, each long-polling for an assignment and running it. A failed
/// call waits a little and tries again; a credential the server no longer accepts stops the worker.
/// </summary>
public sealed class WorkerHost(WorkerConfig config, string workDirectory, TextWriter log, TimeProvider time)
{
    public int Concurrency { get; init; } = 1;

    /// <summary>How long each claim waits on the server for work.</summary>
    public int ClaimWaitSeconds { get; init; } = 25;

    /// <summary>Whether packages with a conda.yaml run through rcc (<see cref="RccOption.Auto"/> by default).</summary>
    public RccOption Rcc { get; init; } = RccOption.Auto;

    public async Task RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(workDirectory);
        using var api = new WorkerApi(new Uri(config.Server), config.Credential);
        using var packages = new PackageCache(workDirectory);
        var executor = new StepRunExecutor(api, packages, workDirectory, log, time, config.WorkerId, Rcc);
        await log.WriteLineAsync($"hangar worker: {config.WorkerId} serving {config.Server} with {Concurrency} slot(s); rcc: {RccDescription()}");
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Concurrency))
            .Select(slot => Task.Run(() => SlotAsync(api, executor, slot, ct), CancellationToken.None)));
    }

    private string RccDescription() => Rcc.Disabled ? "never"
        : Rcc.Find() is { } found ? $"{found} (for packages with a conda.yaml)"
        : "not found (packages run their command directly)";

    private async Task SlotAsync(WorkerApi api, StepRunExecutor executor, int slot, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var assignment = await api.ClaimAsync(ClaimWaitSeconds, ct);
                failures = 0;
                if (assignment is not null)
                {
                    await executor.ExecuteAsync(assignment, slot, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await log.WriteLineAsync($"hangar worker: the server refused the worker credential ({ex.Message}); link the worker again.");
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                failures++;
                await log.WriteLineAsync($"hangar worker: {ex.Message}; retrying");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
