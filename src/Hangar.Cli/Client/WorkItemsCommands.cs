using System.CommandLine;
using System.Globalization;

namespace Hangar.Cli.Client;

/// <summary><c>hangar work-items list|retry|done</c>: a run's work items, and settling the failed ones.</summary>
internal static class WorkItemsCommands
{
    private static readonly Argument<string> Run = new("run") { Description = "The run's id." };

    private static readonly Argument<string[]> Items = new("item")
    {
        Description = "One or more work item ids.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> State = new("--state")
    {
        Description = "Only items in this state: pending, in_progress, failed or done.",
    };

    public static Command Create()
    {
        var workItems = new Command("work-items", "A run's work items: its inputs and what its steps made of them.");
        ClientOptions.AddTo(workItems);
        var list = new Command("list", """
            The run's work items, with the exception of those that failed.

            Examples:
              hangar work-items list 0192f4c1-… --state failed
              hangar work-items list 0192f4c1-… --output json
            """)
        {
            Run, State,
        };
        ClientCommand.SetAction(list, ListAsync);
        var retry = new Command("retry", """
            Send failed work items back to work: the step that failed them runs again for them.

            Example:
              hangar work-items retry 0192f4c2-… 0192f4c3-…
            """)
        {
            Items,
        };
        ClientCommand.SetAction(retry, (session, output, parse, ct) => BatchAsync(session, output, parse, retry: true, ct));
        var done = new Command("done", """
            Mark work items done (e.g. failed ones handled by hand); a run whose items are all settled completes.

            Example:
              hangar work-items done 0192f4c2-…
            """)
        {
            Items,
        };
        ClientCommand.SetAction(done, (session, output, parse, ct) => BatchAsync(session, output, parse, retry: false, ct));
        workItems.Subcommands.Add(list);
        workItems.Subcommands.Add(retry);
        workItems.Subcommands.Add(done);
        return workItems;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var items = await session.Client.ListWorkItemsAsync(session.WorkspaceId, parse.GetValue(Run)!, parse.GetValue(State), ct: ct).ToListAsync(ct);
        output.WriteTable(items, items, ("ITEM", i => i.Id), ("STATE", i => i.State), ("STEP RUN", i => i.StepRun?.Id),
            ("UPDATED", i => i.StateUpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("EXCEPTION", i => i.Exception is { } e ? $"{e.Type} {e.Code}: {e.Message}" : null));
        return ClientExitCodes.Ok;
    }

    private static async Task<int> BatchAsync(ClientSession session, CommandOutput output, ParseResult parse, bool retry, CancellationToken ct)
    {
        var ids = parse.GetValue(Items)!;
        var accepted = retry
            ? await session.Client.RetryWorkItemsAsync(session.WorkspaceId, ids, ct)
            : await session.Client.MarkWorkItemsDoneAsync(session.WorkspaceId, ids, ct);
        if (output.IsJson)
        {
            output.WriteJson(accepted);
        }
        else
        {
            output.WriteLine(retry ? $"Sent {ids.Length} work item(s) back to work." : $"Marked {ids.Length} work item(s) done.");
        }

        return ClientExitCodes.Ok;
    }
}
