using Hangar.Core.Domain;

namespace Hangar.Server.Ui.Pages.Workspaces.Runs;

/// <summary>
/// What the runs table shows: the runs, process names when runs of several processes are listed, and the zone of the
/// times (UTC when none is given).
/// </summary>
public sealed record RunRows(IReadOnlyList<ProcessRun> Runs, IReadOnlyDictionary<string, string>? ProcessNames, string WorkspaceId, UiTimeZone? Zone = null)
{
    public string Time(DateTimeOffset? value) => Zone is { } zone ? zone.Time(value) : UiFormat.Time(value);
}
