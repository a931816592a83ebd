using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hangar.Contracts.V1;

namespace Hangar.Client;

public sealed partial class HangarClient
{
    /// <summary>The pause between two looks at a run while <see cref="WaitForRunAsync"/> waits for its end.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Starts a run of a process. Leave <paramref name="request"/> null for the process's default, or pass e.g.
    /// <see cref="WithPayloads"/>. The request carries an <c>Idempotency-Key</c> (<paramref name="idempotencyKey"/>, or
    /// a new one), so a retry after a 429 or 503 returns the run the first attempt started instead of a second run.
    /// </summary>
    /// <returns><c>started: false</c> (and no id) when the process started nothing, as Robocorp answers.</returns>
    public Task<StartRunResponse> StartRunAsync(string workspaceId, string processId, StartRunRequest? request = null, string? idempotencyKey = null,
        CancellationToken ct = default) =>
        SendAsync<StartRunResponse>(HttpMethod.Post, $"{WorkspacePath(workspaceId)}/processes/{Uri.EscapeDataString(processId)}/process-runs",
            request ?? new StartRunRequest(), idempotencyKey ?? Guid.NewGuid().ToString("N"), ct);

    /// <summary>A start request with one input work item per payload (each a JSON value, usually an object).</summary>
    public static StartRunRequest WithPayloads(IEnumerable<object?> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        return new StartRunRequest("with_payloads", payloads.Select(p => p as JsonElement? ?? JsonSerializer.SerializeToElement(p, JsonOptions)).ToList());
    }

    /// <summary>One run.</summary>
    public Task<ProcessRunResponse> GetRunAsync(string workspaceId, string runId, CancellationToken ct = default) =>
        SendAsync<ProcessRunResponse>(HttpMethod.Get, RunPath(workspaceId, runId), null, ct);

    /// <summary>Runs, newest first, optionally of one process and in one state (Hangar's states: <c>stopped</c> too).</summary>
    public IAsyncEnumerable<ProcessRunResponse> ListRunsAsync(string workspaceId, string? processId = null, string? state = null,
        CancellationToken ct = default) =>
        ListAsync<ProcessRunResponse>($"{WorkspacePath(workspaceId)}/process-runs{Query(("process_id", processId), ("state", state))}", ct);

    /// <summary>
    /// Stops a run: nothing new starts. <paramref name="terminateRunning"/> kills the robots running now (else they
    /// finish the items they hold); the items left are set done (<paramref name="setRemainingItemsDone"/>) or failed.
    /// Not retried on 503 (see the class remarks): a stop that reached the server answers 409 <c>run_not_active</c>
    /// the second time.
    /// </summary>
    public Task<AcceptedResponse> StopRunAsync(string workspaceId, string runId, bool terminateRunning = true, bool setRemainingItemsDone = false,
        string? reason = null, CancellationToken ct = default) =>
        SendAsync<AcceptedResponse>(HttpMethod.Post, $"{RunPath(workspaceId, runId)}/stop",
            new StopRunRequest(setRemainingItemsDone, terminateRunning, reason), ct);

    /// <summary>The run's step runs (one per step and parallel robot), in the order they were created.</summary>
    public IAsyncEnumerable<StepRunResponse> ListStepRunsAsync(string workspaceId, string runId, CancellationToken ct = default) =>
        ListAsync<StepRunResponse>($"{WorkspacePath(workspaceId)}/step-runs{Query(("process_run_id", runId))}", ct);

    /// <summary>
    /// A step run's console lines in order; with <paramref name="afterSequence"/>, only those after the line of that
    /// <see cref="ConsoleMessageResponse.Sequence"/>, so a follower asks again for what was written since.
    /// </summary>
    public IAsyncEnumerable<ConsoleMessageResponse> ListConsoleMessagesAsync(string workspaceId, string stepRunId, long? afterSequence = null,
        CancellationToken ct = default) =>
        ListAsync<ConsoleMessageResponse>($"{WorkspacePath(workspaceId)}/step-runs/{Uri.EscapeDataString(stepRunId)}/console-messages"
                                          + Query(("after_sequence", afterSequence?.ToString(CultureInfo.InvariantCulture))), ct);

    /// <summary>The run's outputs: the work items its last step created, with their payloads and files.</summary>
    public IAsyncEnumerable<RunOutputResponse> ListRunOutputsAsync(string workspaceId, string runId, CancellationToken ct = default) =>
        ListAsync<RunOutputResponse>($"{RunPath(workspaceId, runId)}/outputs", ct);

    /// <summary>
    /// Looks at the run every <paramref name="pollInterval"/> (default <see cref="DefaultPollInterval"/>) until it has
    /// ended (<see cref="HasEnded"/>) and returns it. Cancel <paramref name="ct"/> to stop waiting (the run goes on).
    /// </summary>
    public async Task<ProcessRunResponse> WaitForRunAsync(string workspaceId, string runId, TimeSpan? pollInterval = null, CancellationToken ct = default)
    {
        while (true)
        {
            var run = await GetRunAsync(workspaceId, runId, ct);
            if (HasEnded(run))
            {
                return run;
            }

            await Task.Delay(pollInterval ?? DefaultPollInterval, ct);
        }
    }

    /// <summary>True once a run can change no more: completed, unresolved or stopped (<see cref="ProcessRunResponse.HangarState"/>).</summary>
    public static bool HasEnded(ProcessRunResponse run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.HangarState is "completed" or "unresolved" or "stopped";
    }

    private static string WorkspacePath(string workspaceId) => $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}";

    private static string RunPath(string workspaceId, string runId) => $"{WorkspacePath(workspaceId)}/process-runs/{Uri.EscapeDataString(runId)}";

    /// <summary>A query string of the parameters that have a value ("" when none has).</summary>
    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? string.Empty : "?" + string.Join('&', present);
    }
}
