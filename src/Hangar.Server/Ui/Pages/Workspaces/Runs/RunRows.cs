using Hangar.Core.Domain;

namespace Hangar.Server.Ui.Pages.Workspaces.Runs;

/// <summary>What the runs table shows: the runs, and process names when runs of several processes are listed.</summary>
public sealed record RunRows(IReadOnlyList<ProcessRun> Runs, IReadOnlyDictionary<string, string>? ProcessNames, string WorkspaceId);
