using System.CommandLine;
using Hangar.Core.Stats;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar admin rebuild-stats</c>: recomputes the dashboard's aggregates from the runs and work items stored, in one
/// transaction, for repair (the database keeps them itself as runs end, and the upgrade that added them filled them).
/// Counts of runs deleted earlier (retention) are gone afterwards, since only stored runs can be recounted.
/// </summary>
internal static class RebuildStatsCommand
{
    private static readonly Option<string?> Workspace = new("--workspace") { Description = "Workspace id or name; every workspace without it." };

    public static Command Create()
    {
        var command = new Command("rebuild-stats",
            "Recompute the run statistics (the dashboard's numbers) from the runs and work items stored, in one transaction. "
            + "Runs deleted earlier drop out of the history. The server may keep running.")
        {
            Workspace, CliOptions.DataDir, CliOptions.Database,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parse, CancellationToken ct) =>
        AdminCommands.WithServicesAsync(parse, async services =>
        {
            string? workspaceId = null;
            if (parse.GetValue(Workspace) is { } given)
            {
                var workspace = await CreateApiKeyCommand.FindWorkspaceAsync(services.GetRequiredService<IWorkspaceStore>(), given, ct);
                if (workspace is null)
                {
                    return ExitCodes.Failed;
                }

                workspaceId = workspace.Id;
            }

            var runs = await services.GetRequiredService<IStatsStore>().RebuildAsync(workspaceId, ct);
            Console.WriteLine($"Run statistics rebuilt from {runs} ended runs{(workspaceId is null ? " in every workspace" : $" of workspace {workspaceId}")}.");
            return ExitCodes.Ok;
        }, ct);
}
