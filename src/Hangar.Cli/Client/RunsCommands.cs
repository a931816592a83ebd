using System.CommandLine;
using System.Globalization;
using Hangar.Contracts.V1;

namespace Hangar.Cli.Client;

/// <summary><c>hangar runs list|show|logs|stop</c>: the runs of the workspace.</summary>
internal static class RunsCommands
{
    private static readonly Argument<string> Run = new("run") { Description = "The run's id." };

    private static readonly Option<string?> Process = new("--process") { Description = "Only runs of this process (id or name)." };

    private static readonly Option<string?> State = new("--state")
    {
        Description = "Only runs in this state: new, in_progress, completed, unresolved, stopping or stopped.",
    };

    private static readonly Option<int> Limit = new("--limit")
    {
        Description = "How many runs to show, newest first. Default 20.",
        DefaultValueFactory = _ => 20,
    };

    private static readonly Option<bool> FollowLogs = new("--follow", "-f") { Description = "Keep printing new lines until the run ends." };

    private static readonly Option<bool> LetRobotsFinish = new("--let-robots-finish")
    {
        Description = "Let robots running now finish the work items they hold (by default they are ended at once).",
    };

    private static readonly Option<bool> ItemsDone = new("--set-items-done")
    {
        Description = "Set the work items no robot finished done (by default they are set failed).",
    };

    public static Command Create()
    {
        var runs = new Command("runs", "See and stop runs. Start one with 'hangar run'.");
        ClientOptions.AddTo(runs);

        var list = new Command("list", """
            The workspace's runs, newest first.

            Examples:
              hangar runs list --process invoices --state unresolved
              hangar runs list --limit 5 --output json
            """)
        {
            Process, State, Limit,
        };
        ClientCommand.SetAction(list, ListAsync);

        var show = new Command("show", """
            One run: its step runs, its work items by state and its outputs.

            Example:
              hangar runs show 0192f4c1-…
            """)
        {
            Run,
        };
        ClientCommand.SetAction(show, ShowAsync);

        var logs = new Command("logs", """
            The console of the run's step runs, in order.

            Examples:
              hangar runs logs 0192f4c1-…
              hangar runs logs 0192f4c1-… -f
            """)
        {
            Run, FollowLogs,
        };
        ClientCommand.SetAction(logs, LogsAsync);

        var stop = new Command("stop", """
            Stop a run: nothing new starts, running robots are ended, the work items left are set failed.

            Example:
              hangar runs stop 0192f4c1-… --let-robots-finish
            """)
        {
            Run, LetRobotsFinish, ItemsDone,
        };
        ClientCommand.SetAction(stop, StopAsync);

        runs.Subcommands.Add(list);
        runs.Subcommands.Add(show);
        runs.Subcommands.Add(logs);
        runs.Subcommands.Add(stop);
        return runs;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var limit = parse.GetValue(Limit);
        if (limit < 1)
        {
            throw new ClientUsageException("--limit must be 1 or more.");
        }

        var process = parse.GetValue(Process) is { } name ? await session.Client.ResolveProcessIdAsync(session.WorkspaceId, name, ct) : null;
        var runs = await session.Client.ListRunsAsync(session.WorkspaceId, process, parse.GetValue(State), ct).Take(limit).ToListAsync(ct);
        output.WriteTable(runs, runs,
            ("RUN", r => r.Id), ("#", r => r.Number.ToString(CultureInfo.InvariantCulture)), ("PROCESS", r => r.Process.Name), ("STATE", r => r.HangarState),
            ("CREATED", r => r.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("DURATION", r => r.Duration is { } d ? $"{d:0.#} s" : ""));
        return ClientExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var (client, ws, runId) = (session.Client, session.WorkspaceId, parse.GetValue(Run)!);
        var run = await client.GetRunAsync(ws, runId, ct);
        var stepRuns = await client.ListStepRunsAsync(ws, run.Id, ct).ToListAsync(ct);
        var items = await client.ListWorkItemsAsync(ws, run.Id, ct: ct).ToListAsync(ct);
        var byState = items.GroupBy(i => i.State).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var outputs = await client.ListRunOutputsAsync(ws, run.Id, ct).ToListAsync(ct);
        if (output.IsJson)
        {
            output.WriteJson(new RunDetails(run, stepRuns, byState, outputs));
            return ClientExitCodes.Ok;
        }

        output.WriteLine($"Run #{run.Number} ({run.Id}) of {run.Process.Name}: {run.HangarState}");
        output.WriteLine($"Started by {run.StartedBy.Type}{(run.StartedBy.Name is { } who ? $" ({who})" : "")} at {run.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}"
                         + (run.Duration is { } d ? $", took {d:0.#} s" : "") + (run.StopReason is { } reason ? $", stopped: {reason}" : ""));
        output.WriteLine("");
        output.WriteTable(stepRuns, stepRuns, ("STEP RUN", s => s.Id), ("#", s => s.Number.ToString(CultureInfo.InvariantCulture)), ("STEP", s => s.Step.Name),
            ("STATE", s => s.State), ("ERROR", s => s.Error?.Code), ("DURATION", s => s.Duration is { } sd ? $"{sd:0.#} s" : ""));
        output.WriteLine("Work items: " + (byState.Count == 0 ? "none" : string.Join(", ", byState.Select(kv => $"{kv.Value} {kv.Key}"))));
        output.WriteLine($"Outputs: {outputs.Count}");
        foreach (var item in outputs)
        {
            var files = item.Files.Count == 0 ? "" : $"  files: {string.Join(", ", item.Files.Select(f => f.Name))}";
            output.WriteLine($"  {item.Id}  {item.Payload?.GetRawText() ?? "null"}{files}");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> LogsAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var runId = parse.GetValue(Run)!;
        if (parse.GetValue(FollowLogs))
        {
            var ended = await RunCommand.FollowAsync(session, output, runId, console: true, ct);
            return ended is null ? 130 : RunCommand.Report(output, ended);
        }

        var (client, ws) = (session.Client, session.WorkspaceId);
        var run = await client.GetRunAsync(ws, runId, ct);
        var stepRuns = await client.ListStepRunsAsync(ws, run.Id, ct).ToListAsync(ct);
        var lines = new List<LogLine>();
        foreach (var stepRun in stepRuns.OrderBy(s => s.Number))
        {
            var prefix = stepRuns.Count > 1 ? $"[{stepRun.Step.Name} #{stepRun.Number}] " : "";
            await foreach (var line in client.ListConsoleMessagesAsync(ws, stepRun.Id, ct: ct))
            {
                if (output.IsJson)
                {
                    lines.Add(new LogLine(stepRun.Id, line.Sequence, line.Timestamp, line.Stream, line.Message));
                }
                else
                {
                    output.Out.WriteLine(prefix + line.Message);
                }
            }
        }

        if (output.IsJson)
        {
            output.WriteJson(lines);
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> StopAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var runId = parse.GetValue(Run)!;
        var accepted = await session.Client.StopRunAsync(session.WorkspaceId, runId, terminateRunning: !parse.GetValue(LetRobotsFinish),
            setRemainingItemsDone: parse.GetValue(ItemsDone), reason: "stopped with hangar runs stop", ct: ct);
        if (output.IsJson)
        {
            output.WriteJson(accepted);
        }
        else
        {
            output.WriteLine($"Stopping run {runId}. 'hangar runs show {runId}' tells when it has stopped.");
        }

        return ClientExitCodes.Ok;
    }
}
