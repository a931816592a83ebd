using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stats;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Runs;

/// <summary>
/// The Runs tab: process runs newest first, filtered by state, process, outcome and the local days they ended on (in
/// the user's time zone, as the dashboard counts them, so that a dashboard bar leads to exactly its runs).
/// </summary>
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

    /// <summary>How ended runs count on the dashboard: completed, unresolved, stopped or failed_to_start.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    /// <summary>The first local day (yyyy-MM-dd, in the user's zone) a run may have ended on.</summary>
    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    /// <summary>The last local day (inclusive) a run may have ended on.</summary>
    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    /// <summary>The outcomes to filter by, as the dashboard names them.</summary>
    public static IReadOnlyList<(string Value, string Label)> Outcomes { get; } =
    [
        ("completed", "completed"), ("unresolved", "unresolved"), ("stopped", "stopped"), ("failed_to_start", "failed to start"),
    ];

    public UiTimeZone Zone { get; private set; } = UiTimeZone.Utc;

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

        foreach (var (name, value) in new[] { ("outcome", Outcome), ("from", From), ("to", To) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        if (after is not null)
        {
            parts.Add("after=" + Uri.EscapeDataString(after));
        }

        return "?" + string.Join("&", parts);
    }

    public bool Filtered => new[] { State, ProcessId, Outcome, From, To }.Any(v => !string.IsNullOrEmpty(v));

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

        Zone = await LoadTimeZoneAsync(ct);
        var outcome = ParseOutcome(Outcome);
        var from = ParseDay(From, "from");
        var to = ParseDay(To, "to");
        var filter = new RunFilter(ProcessId, state, outcome, from is { } f ? Zone.StartOf(f) : null, to is { } t ? Zone.StartOf(t.AddDays(1)) : null);
        var page = await runs.ListAsync(WorkspaceId, filter, new PageRequest(Ids.IsWellFormed(After) ? After : null, PageSize), ct);
        Runs = page.Items;
        NextAfter = page.NextAfter(r => r.Id);
        ProcessNames = await names.ForAsync(WorkspaceId, Runs.Select(r => r.ProcessId), ct);
        if (Can(Permissions.ReadProcesses))
        {
            Processes = (await processes.ListAsync(WorkspaceId, PageRequest.First(PageRequest.MaxLimit), ct)).Items
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }

    /// <summary>An outcome as the dashboard's links name it; 400 for anything else.</summary>
    public static RunOutcome? ParseOutcome(string? value) => value switch
    {
        null or "" => null,
        "completed" => RunOutcome.Completed,
        "unresolved" => RunOutcome.Unresolved,
        "stopped" => RunOutcome.Stopped,
        "failed_to_start" => RunOutcome.FailedToStart,
        _ => throw HangarException.Invalid("invalid_outcome", "'outcome' must be completed, unresolved, stopped or failed_to_start."),
    };

    /// <summary>A local date written yyyy-MM-dd; 400 for anything else.</summary>
    public static DateOnly? ParseDay(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day
        : throw HangarException.Invalid("invalid_date", $"'{field}' must be a date written yyyy-MM-dd.");
}
