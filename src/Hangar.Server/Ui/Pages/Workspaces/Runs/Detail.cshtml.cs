using System.Globalization;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Server.Blobs;
using Hangar.Server.Endpoints;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Runs;

/// <summary>
/// One run: its facts, step runs, the live console of one step run, its work items (retry / mark as done for failed
/// ones), artifacts with signed download links, and Stop while it is active. Reads what the v1 routes read, with
/// the permission each of those routes needs.
/// </summary>
public sealed class RunModel(RunService runs, ProcessService processes, WorkItemService items, WorkerService workers, IRunStore store,
    IStepRunOutputStore outputs, SignedUrls urls, TimeProvider time) : UiPage
{
    /// <summary>Console lines rendered with the page; the rest arrive through <see cref="OnGetConsoleAsync"/>.</summary>
    public const int ConsolePageLines = 2000;

    public const int ConsoleBatchLines = 500;
    public const int ItemsPageSize = 50;
    public const int StepRunsShown = 100;

    public ProcessRun Run { get; private set; } = null!;
    public Process Process { get; private set; } = null!;
    public IReadOnlyList<StepRun> StepRuns { get; private set; } = [];
    public IReadOnlyDictionary<string, string> WorkerNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>The step run whose console is shown: the one asked for, else the latest.</summary>
    public StepRun? ConsoleOf { get; private set; }

    public IReadOnlyList<ConsoleMessage> ConsoleLines { get; private set; } = [];

    /// <summary>Whether the console still grows (its step run has not ended, or lines remain to fetch).</summary>
    public bool ConsoleFollows { get; private set; }

    public IReadOnlyList<WorkItem> Items { get; private set; } = [];
    public string? ItemsNextAfter { get; private set; }
    public IReadOnlyList<(StepRun StepRun, Artifact Artifact)> Artifacts { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string RunId { get; set; } = "";

    /// <summary>The step run whose console to show (<c>?stepRun=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "stepRun")]
    public string? StepRunId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ItemsAfter { get; set; }

    public bool IsActive => Run.State is ProcessRunState.New or ProcessRunState.InProgress or ProcessRunState.Unresolved;

    public string StepName(StepRun stepRun) =>
        Process.Steps.FirstOrDefault(s => s.Id == stepRun?.StepId)?.Name ?? "";

    public TimeSpan? Duration(DateTimeOffset? started, DateTimeOffset? ended) => started is { } s ? (ended ?? time.GetUtcNow()) - s : null;

    public string ConsoleCursor => ConsoleLines.Count > 0 ? ConsoleLines[^1].Sequence.ToString(CultureInfo.InvariantCulture) : "";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>
    /// The console poll: lines after <paramref name="after"/>, the step run's and the run's states, and whether the
    /// console is complete. The state is read before the lines, so lines written before the step run ended are never missed.
    /// </summary>
    public async Task<IActionResult> OnGetConsoleAsync(string? stepRunId, string? after, CancellationToken ct)
    {
        Require(Permissions.ReadRuns);
        Run = await runs.GetAsync(WorkspaceId, RunId, ct);
        var stepRun = await FindStepRunAsync(stepRunId, ct);
        long cursor = -1;
        if (!string.IsNullOrEmpty(after) && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            throw HangarException.Invalid("invalid_cursor", "'after' is not a cursor this page issued.");
        }

        var lines = await outputs.ListConsoleAsync(WorkspaceId, stepRun.Id, cursor, ConsoleBatchLines, ct);
        var next = lines.Count > 0 ? lines[^1].Sequence.ToString(CultureInfo.InvariantCulture) : after ?? "";
        return new JsonResult(new
        {
            lines = lines.Select(l => l.Message).ToList(),
            after = next,
            state = RunMapping.Wire(stepRun.State),
            runState = RunMapping.Wire(Run.State),
            done = RunTransitions.IsTerminal(stepRun.State) && lines.Count < ConsoleBatchLines,
        });
    }

    /// <summary>Sends the browser to a signed URL of the artifact, as the v1 artifact route hands out (a signature, no credential).</summary>
    public async Task<IActionResult> OnGetArtifactAsync(string? stepRunId, string? artifactId, CancellationToken ct)
    {
        Require(Permissions.ReadRunOutputs);
        Run = await runs.GetAsync(WorkspaceId, RunId, ct);
        var stepRun = await FindStepRunAsync(stepRunId, ct);
        var artifact = await StepRunEndpoints.FindArtifactAsync(store, outputs, WorkspaceId, stepRun.Id, artifactId ?? "", ct);
        return Redirect(urls.ForDownload(StepRunEndpoints.ArtifactGrant(artifact)).Url);
    }

    /// <summary>Retry or mark as done failed items: the v1 batch operation.</summary>
    public async Task<IActionResult> OnPostItemsAsync(string? operation, List<string> itemIds, CancellationToken ct)
    {
        Require(Permissions.WriteWorkItems);
        var batch = operation switch
        {
            "retry" => BatchOperation.Retry,
            "mark_as_done" => BatchOperation.MarkAsDone,
            _ => throw HangarException.Invalid("invalid_batch_operation", "The operation must be retry or mark_as_done."),
        };
        Run = await runs.GetAsync(WorkspaceId, RunId, ct);
        try
        {
            // Only items of this run: the batch itself would take any item of the workspace.
            var ofRun = new List<string>();
            foreach (var id in itemIds.Distinct(StringComparer.Ordinal))
            {
                var item = await items.GetAsync(WorkspaceId, id, ct);
                ofRun.Add(item.ProcessRunId == Run.Id ? item.Id : throw HangarException.NotFound("The work item"));
            }

            await items.ApplyBatchAsync(Caller, WorkspaceId, batch, ofRun, ct);
            Notice = batch == BatchOperation.Retry
                ? $"{Plural(ofRun.Count)} sent back to work."
                : $"{Plural(ofRun.Count)} marked as done.";
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict)
        {
            await LoadAsync(ct);
            return FormError(ex);
        }

        return LocalRedirect($"/workspaces/{WorkspaceId}/runs/{Run.Id}#items-title");
    }

    private static string Plural(int count) => count == 1 ? "1 work item" : $"{count} work items";

    private async Task<StepRun> FindStepRunAsync(string? stepRunId, CancellationToken ct) =>
        (Ids.IsWellFormed(stepRunId) ? await store.FindStepRunAsync(WorkspaceId, stepRunId!, ct) : null) is { } found && found.ProcessRunId == Run.Id
            ? found
            : throw HangarException.NotFound("The step run");

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "runs";
        Require(Permissions.ReadRuns);
        Run = await runs.GetAsync(WorkspaceId, RunId, ct);
        Process = await processes.GetAsync(WorkspaceId, Run.ProcessId, ct);
        StepRuns = (await store.ListStepRunsAsync(WorkspaceId, Run.Id, PageRequest.First(StepRunsShown), ct)).Items;
        await LoadWorkersAsync(ct);

        ConsoleOf = StepRunId is null ? (StepRuns.Count > 0 ? StepRuns[^1] : null) : StepRuns.FirstOrDefault(s => s.Id == StepRunId) ?? await FindStepRunAsync(StepRunId, ct);
        if (ConsoleOf is not null)
        {
            // The state first, then the lines (see OnGetConsoleAsync).
            var ended = RunTransitions.IsTerminal(ConsoleOf.State);
            ConsoleLines = await outputs.ListConsoleAsync(WorkspaceId, ConsoleOf.Id, -1, ConsolePageLines, ct);
            ConsoleFollows = !ended || ConsoleLines.Count == ConsolePageLines;
        }

        if (Can(Permissions.ReadWorkItems))
        {
            var page = await items.ListAsync(WorkspaceId, new WorkItemFilter(ProcessRunId: Run.Id),
                new PageRequest(Ids.IsWellFormed(ItemsAfter) ? ItemsAfter : null, ItemsPageSize), ct);
            Items = page.Items;
            ItemsNextAfter = page.NextAfter(i => i.Id);
        }

        if (Can(Permissions.ReadRunOutputs))
        {
            var artifacts = new List<(StepRun, Artifact)>();
            foreach (var stepRun in StepRuns)
            {
                var page = await outputs.ListArtifactsAsync(WorkspaceId, stepRun.Id, PageRequest.First(), ct);
                artifacts.AddRange(page.Items.Select(a => (stepRun, a)));
            }

            Artifacts = artifacts;
        }
    }

    private async Task LoadWorkersAsync(CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Can(Permissions.ReadWorkers))
        {
            foreach (var id in StepRuns.Select(s => s.WorkerId).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                try
                {
                    names[id] = (await workers.GetAsync(WorkspaceId, id, ct)).Worker.Name;
                }
                catch (HangarException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    // A worker removed since: the id is shown.
                }
            }
        }

        WorkerNames = names;
    }
}
