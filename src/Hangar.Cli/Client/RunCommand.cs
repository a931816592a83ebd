using System.CommandLine;
using System.Text.Json;
using Hangar.Client;
using Hangar.Contracts.V1;

namespace Hangar.Cli.Client;

/// <summary><c>hangar run PROCESS</c>: starts a run, and with <c>--wait</c> or <c>--follow</c> stays until it ends.</summary>
internal static class RunCommand
{
    /// <summary>A payload file larger than this is refused before anything is sent (the server has its own, smaller bound).</summary>
    private const long MaxPayloadFileBytes = 64L * 1024 * 1024;

    private static readonly Argument<string> Process = new("process") { Description = "The process to run: its id or its name." };

    private static readonly Option<string?> Payload = new("--payload")
    {
        Description = "A JSON file (or - for stdin) that becomes the run's one input work item.",
    };

    private static readonly Option<string?> Payloads = new("--payloads")
    {
        Description = "A JSON Lines file (or - for stdin): one input work item per line.",
    };

    private static readonly Option<bool> Wait = new("--wait") { Description = "Wait for the run to end; the exit code tells how it ended." };

    private static readonly Option<bool> Follow = new("--follow", "-f")
    {
        Description = "Wait for the run to end, printing each step run's console as it is written and a line per step state change.",
    };

    public static Command Create()
    {
        var run = new Command("run", """
            Start a run of a process.

            Exit codes with --wait or --follow: 0 the run completed, 1 it ended unresolved (a step or a work item
            failed), 2 it was stopped or did not start, 3 the command line was wrong. Without them: 0 once started.
            Ctrl-C while following asks whether to stop the run too (on a terminal; otherwise it only stops following).

            Examples:
              hangar run invoices --follow
              hangar run invoices --payload order.json --wait
              echo '{"n": 1}' | hangar run invoices --payload -
              hangar run invoices --payloads orders.jsonl --output json
            """)
        {
            Process, Payload, Payloads, Wait, Follow,
        };
        ClientOptions.AddTo(run);
        ClientCommand.SetAction(run, RunAsync);
        return run;
    }

    private static async Task<int> RunAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var request = await ReadRequestAsync(parse.GetValue(Payload), parse.GetValue(Payloads), ct);
        var client = session.Client;
        StartRunResponse started;
        string processId;
        try
        {
            processId = await client.ResolveProcessIdAsync(session.WorkspaceId, parse.GetValue(Process)!, ct);
            started = await client.StartRunAsync(session.WorkspaceId, processId, request, ct: ct);
        }
        catch (HangarApiException e)
        {
            output.WriteError($"the run did not start: {e.Message}");
            return ClientExitCodes.RunStoppedOrNotStarted;
        }

        if (!started.Started || started.Id is null)
        {
            output.WriteError("the run did not start: the process started nothing (it has no input work items to run).");
            return ClientExitCodes.RunStoppedOrNotStarted;
        }

        var follow = parse.GetValue(Follow);
        if (!follow && !parse.GetValue(Wait))
        {
            if (output.IsJson)
            {
                output.WriteJson(started);
            }
            else
            {
                output.WriteLine($"Started run {started.Id}. Follow it with: hangar runs logs {started.Id} -f");
            }

            return ClientExitCodes.Ok;
        }

        (output.IsJson ? output.Error : output.Out).WriteLine($"Started run {started.Id}.");
        var ended = follow
            ? await FollowAsync(session, output, started.Id, console: true, ct)
            : await client.WaitForRunAsync(session.WorkspaceId, started.Id, ct: ct);
        return ended is null ? 130 : Report(output, ended);
    }

    /// <summary>
    /// Follows until the run ends, or null when Ctrl-C ended the following. On a terminal, Ctrl-C asks whether to stop
    /// the run; when it is stopped, following goes on to the stop's end.
    /// </summary>
    internal static async Task<ProcessRunResponse?> FollowAsync(ClientSession session, CommandOutput output, string runId, bool console, CancellationToken ct)
    {
        var follower = new RunFollower(session.Client, session.WorkspaceId, runId, output, console);
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            // Ours to handle: the process stays, to ask and to say what happened to the run.
            e.Cancel = true;
            interrupted.Cancel();
        };
        System.Console.CancelKeyPress += onCtrlC;
        try
        {
            return await follower.FollowAsync(interrupted.Token);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }
        finally
        {
            System.Console.CancelKeyPress -= onCtrlC;
        }

        var interactive = output.IsTerminal && !System.Console.IsInputRedirected;
        if (!interactive || !await AskAsync(output, "Stop the run too?", ct))
        {
            output.WriteError($"stopped following; the run goes on. See it with: hangar runs show {runId}");
            return null;
        }

        await session.Client.StopRunAsync(session.WorkspaceId, runId, terminateRunning: true, reason: "stopped from hangar run", ct: ct);
        output.Out.WriteLine("Stopping the run…");
        return await follower.FollowAsync(ct);
    }

    /// <summary>Prints how the run ended and answers its exit code.</summary>
    internal static int Report(CommandOutput output, ProcessRunResponse run)
    {
        if (output.IsJson)
        {
            output.WriteJson(run);
        }
        else
        {
            var took = run.Duration is { } seconds ? $" in {seconds:0.#} s" : string.Empty;
            output.WriteLine($"Run #{run.Number} ({run.Id}) {run.HangarState}{took}.");
        }

        return run.HangarState switch
        {
            "completed" => ClientExitCodes.RunCompleted,
            "unresolved" => ClientExitCodes.RunUnresolved,
            _ => ClientExitCodes.RunStoppedOrNotStarted,
        };
    }

    private static async Task<bool> AskAsync(CommandOutput output, string question, CancellationToken ct)
    {
        output.Out.Write($"\n{question} [y/N] ");
        var answer = await System.Console.In.ReadLineAsync(ct);
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    /// <summary>The start request for the payload options; the files are read (and their JSON checked) before anything is sent.</summary>
    private static async Task<StartRunRequest?> ReadRequestAsync(string? payload, string? payloads, CancellationToken ct)
    {
        if (payload is not null && payloads is not null)
        {
            throw new ClientUsageException("Give either --payload or --payloads, not both.");
        }

        if (payload is not null)
        {
            var text = await ReadAllAsync(payload, ct);
            return HangarClient.WithPayloads([ParseJson(text, payload, line: null)]);
        }

        if (payloads is not null)
        {
            var lines = (await ReadAllAsync(payloads, ct)).Split('\n');
            var items = new List<object?>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (!string.IsNullOrWhiteSpace(lines[i]))
                {
                    items.Add(ParseJson(lines[i], payloads, line: i + 1));
                }
            }

            return items.Count > 0 ? HangarClient.WithPayloads(items) : throw new ClientUsageException($"{payloads} holds no payload (one JSON value per line).");
        }

        return null;
    }

    private static async Task<string> ReadAllAsync(string path, CancellationToken ct)
    {
        if (path == "-")
        {
            return await System.Console.In.ReadToEndAsync(ct);
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ClientUsageException($"{path}: no such file.");
        }

        return file.Length <= MaxPayloadFileBytes
            ? await File.ReadAllTextAsync(path, ct)
            : throw new ClientUsageException($"{path} is larger than {MaxPayloadFileBytes / 1024 / 1024} MiB.");
    }

    private static JsonElement ParseJson(string text, string source, int? line)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var where = line is null ? source : $"{source} line {line}";
            throw new ClientUsageException($"{where} is not JSON: {e.Message}");
        }
    }
}
