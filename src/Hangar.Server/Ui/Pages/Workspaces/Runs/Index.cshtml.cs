using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Runs;

/// <summary>The Runs tab (a workspace's landing page): process runs newest first, filtered by state and process.</summary>
public sealed class RunsModel(RunService runs, ProcessService processes, ProcessNames names) : UiPage
{
    public const int PageSize = 50;

    /// <summary>The states of the wire enum, in the order runs pass through them.</summary>
    public static IReadOnlyList<string> States { get; } = Enum.GetValues<ProcessRunState>().Select(RunMapping.Wire).ToList();

    public IReadOnlyList<ProcessRun> Runs { get; private set; } = [];
    public IReadOnlyDictionary<string, string> ProcessNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>The processes to filter by (the first page of them; more are reached from a process's own page).</summary>
    public IReadOnlyList<Process> Processes { get; private set; } = [];

    public string? NextAfter { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "process")]
    public string? ProcessId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>The query string of this list with the filters and the given cursor.</summary>
    public string Query(string? after)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(State))
        {
            parts.Add("state=" + Uri.EscapeDataString(State));
        }

        if (!string.IsNullOrEmpty(ProcessId))
        {
            parts.Add("process=" + Uri.EscapeDataString(ProcessId));
        }

        if (after is not null)
        {
            parts.Add("after=" + Uri.EscapeDataString(after));
        }

        return "?" + string.Join("&", parts);
    }

    public bool Filtered => !string.IsNullOrEmpty(State) || !string.IsNullOrEmpty(ProcessId);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "runs";
        Require(Permissions.ReadRuns);
        State = string.IsNullOrEmpty(State) ? null : State;
        ProcessId = string.IsNullOrEmpty(ProcessId) ? null : ProcessId;
        var state = RunMapping.ParseRunState(State);
        if (ProcessId is not null && !Ids.IsWellFormed(ProcessId))
        {
            throw HangarException.NotFound("The process");
        }

        var page = await runs.ListAsync(WorkspaceId, ProcessId, state, new PageRequest(Ids.IsWellFormed(After) ? After : null, PageSize), ct);
        Runs = page.Items;
        NextAfter = page.NextAfter(r => r.Id);
        ProcessNames = await names.ForAsync(WorkspaceId, Runs.Select(r => r.ProcessId), ct);
        if (Can(Permissions.ReadProcesses))
        {
            Processes = (await processes.ListAsync(WorkspaceId, PageRequest.First(PageRequest.MaxLimit), ct)).Items
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
