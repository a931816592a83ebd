using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Ui.Pages.Workspaces.Runs;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.WorkItems;

/// <summary>
/// Failed work items of the workspace, filtered by exception type and code and by the local days they failed on (the
/// dashboard's top exception codes lead here). Each item links to its run, where it can be retried or marked done.
/// </summary>
public sealed class WorkItemsModel(WorkItemService items, ProcessNames names) : UiPage
{
    public const int PageSize = 50;

    public IReadOnlyList<WorkItem> Items { get; private set; } = [];
    public IReadOnlyDictionary<string, string> ProcessNames { get; private set; } = new Dictionary<string, string>();
    public string? NextAfter { get; private set; }
    public UiTimeZone Zone { get; private set; } = UiTimeZone.Utc;

    /// <summary>business or application (lower case, as the API writes it); empty for any.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public static IReadOnlyList<WorkItemExceptionType> Types { get; } = [WorkItemExceptionType.Business, WorkItemExceptionType.Application];

    public bool Filtered => new[] { Type, Code, From, To }.Any(v => !string.IsNullOrEmpty(v));

    public string Query(string? after)
    {
        var parts = new[] { ("type", Type), ("code", Code), ("from", From), ("to", To), ("after", after) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!));
        return "?" + string.Join("&", parts);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "dashboard";
        Require(Permissions.ReadWorkItems);
        Zone = await LoadTimeZoneAsync(ct);
        var type = ParseType(Type);
        var code = string.IsNullOrEmpty(Code) ? null : Code.Length <= 1000 ? Code : throw HangarException.Invalid("invalid_code", "'code' is too long.");
        var from = RunsModel.ParseDay(From, "from");
        var to = RunsModel.ParseDay(To, "to");
        var filter = new WorkItemFilter(State: WorkItemState.Failed, ExceptionType: type, ExceptionCode: code,
            UpdatedFrom: from is { } f ? Zone.StartOf(f) : null, UpdatedBefore: to is { } t ? Zone.StartOf(t.AddDays(1)) : null);
        var page = await items.ListAsync(WorkspaceId, filter, new PageRequest(Ids.IsWellFormed(After) ? After : null, PageSize), ct);
        Items = page.Items;
        NextAfter = page.NextAfter(i => i.Id);
        ProcessNames = await names.ForAsync(WorkspaceId, Items.Select(i => i.ProcessId), ct);
    }

    private static WorkItemExceptionType? ParseType(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : Types.FirstOrDefault(t => string.Equals(t.ToString(), value, StringComparison.OrdinalIgnoreCase)) is var t && string.Equals(t.ToString(), value, StringComparison.OrdinalIgnoreCase) ? t
        : throw HangarException.Invalid("invalid_exception_type", "'type' must be business or application.");
}
