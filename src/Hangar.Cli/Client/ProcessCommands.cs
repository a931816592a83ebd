using System.CommandLine;
using System.Globalization;
using Hangar.Client;
using Hangar.Contracts.V1;
using Hangar.Server.Ui;
using Spectre.Console;

namespace Hangar.Cli.Client;

/// <summary><c>hangar process list|show|create|delete</c>: the workspace's processes, each a list of steps that run robots' tasks.</summary>
internal static class ProcessCommands
{
    private static readonly Argument<string> Process = new("process") { Description = "The process's id or name." };

    private static readonly Option<string> Name = new("--name") { Description = "The process's name, unique in the workspace.", Required = true };

    private static readonly Option<string> Robot = new("--robot")
    {
        Description = "The robot (task package) its step runs, by id or name; the step uses the robot's latest version at each run.",
        Required = true,
    };

    private static readonly Option<string> Task = new("--task") { Description = "The robot's task to run (a task of its robot.yaml).", Required = true };

    private static readonly Option<string?> WorkerGroup = new("--worker-group")
    {
        Description = "The worker group (id or name) whose workers run the step. Default: any worker of the workspace.",
    };

    private static readonly Option<bool> Yes = new("--yes", "-y") { Description = "Delete without asking (needed when there is no terminal to ask on)." };

    public static Command Create()
    {
        var process = new Command("process", "Processes: steps that run robots' tasks, started as runs.");
        ClientOptions.AddTo(process);

        var list = new Command("list", """
            The workspace's processes.

            Examples:
              hangar process list
              hangar process list --output json
            """);
        ClientCommand.SetAction(list, ListAsync);

        var show = new Command("show", """
            A process with its steps, and the curl that starts a run of it with an API key.

            Examples:
              hangar process show Invoices
              hangar process show 01a2530d-32c7-706c-9ea4-b419a98e4a8b --output json
            """)
        {
            Process,
        };
        ClientCommand.SetAction(show, ShowAsync);

        var create = new Command("create", """
            Create a process of one step that runs a robot's task, and print its id (the process, with --output json).

            Examples:
              hangar process create --name Invoices --robot invoices --task Main
              hangar process create --name Nightly --robot reports --task Main --worker-group windows
            """)
        {
            Name, Robot, Task, WorkerGroup,
        };
        ClientCommand.SetAction(create, CreateAsync);

        var delete = new Command("delete", """
            Delete a process with its runs and work items. Asks first, unless --yes is given.

            Examples:
              hangar process delete Invoices
              hangar process delete Invoices --yes
            """)
        {
            Process, Yes,
        };
        ClientCommand.SetAction(delete, DeleteAsync);

        process.Subcommands.Add(list);
        process.Subcommands.Add(show);
        process.Subcommands.Add(create);
        process.Subcommands.Add(delete);
        return process;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var processes = await session.Client.ListProcessesAsync(session.WorkspaceId, ct).ToListAsync(ct);
        output.WriteTable(processes, processes,
            ("ID", p => p.Id),
            ("NAME", p => p.Name),
            ("CREATED", p => p.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
        return ClientExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var client = session.Client;
        var process = await client.GetProcessAsync(session.WorkspaceId, await client.ResolveProcessIdAsync(session.WorkspaceId, parse.GetValue(Process)!, ct), ct);
        if (output.IsJson)
        {
            output.WriteJson(process);
            return ClientExitCodes.Ok;
        }

        output.WriteLine($"Process '{process.Name}' ({process.Id})");
        if (!string.IsNullOrEmpty(process.Description))
        {
            output.WriteLine(process.Description);
        }

        output.WriteLine($"Created {process.CreatedAt.ToString("u", CultureInfo.InvariantCulture)}, changed {process.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)}.");
        var robots = await RobotNamesAsync(client, session.WorkspaceId, ct);
        var steps = process.Steps.Select((step, i) => (Number: i + 1, Step: step)).ToList();
        output.WriteTable(steps, steps,
            ("#", s => s.Number.ToString(CultureInfo.InvariantCulture)),
            ("STEP", s => s.Step.Name),
            ("ROBOT", s => robots.GetValueOrDefault(s.Step.TaskPackage.Id, s.Step.TaskPackage.Id)),
            ("TASK", s => s.Step.Task),
            ("WORKER GROUP", s => s.Step.WorkerGroup?.Id ?? "any"),
            ("TIMEOUT", s => $"{s.Step.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)}s"));

        // The same curl as the process's API tab shows; the key stays a placeholder (it is never printed).
        var curl = new TriggerCurl("cli", session.Server.AbsoluteUri.TrimEnd('/'), session.WorkspaceId, null, [], process.Id);
        output.WriteLine("Start a run with an API key that may trigger processes:");
        output.WriteLine(curl.Before + curl.SelectedProcess + curl.After);
        return ClientExitCodes.Ok;
    }

    private static async Task<int> CreateAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var client = session.Client;
        var workspace = session.WorkspaceId;
        var robot = await client.ResolveTaskPackageIdAsync(workspace, parse.GetValue(Robot)!, ct);
        var group = parse.GetValue(WorkerGroup) is { } wanted ? await client.ResolveWorkerGroupIdAsync(workspace, wanted, ct) : null;
        var task = parse.GetValue(Task)!;
        var step = new StepRequest(null, new IdRef(robot), null, task, group is null ? null : new IdRef(group), null, null, null);
        var process = await client.CreateProcessAsync(workspace, new CreateProcessRequest(parse.GetValue(Name), null, [step], null), ct);
        if (output.IsJson)
        {
            output.WriteJson(process);
        }
        else
        {
            // Only the id on stdout, so that PROCESS=$(hangar process create ...) works.
            output.Out.WriteLine(process.Id);
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var client = session.Client;
        var process = await client.GetProcessAsync(session.WorkspaceId, await client.ResolveProcessIdAsync(session.WorkspaceId, parse.GetValue(Process)!, ct), ct);
        if (!parse.GetValue(Yes))
        {
            if (!output.IsTerminal || System.Console.IsInputRedirected)
            {
                throw new ClientUsageException($"Deleting '{process.Name}' needs --yes when there is no terminal to ask on.");
            }

            var confirmed = await output.Console.PromptAsync(
                new ConfirmationPrompt($"Delete process '{Markup.Escape(process.Name)}' ({process.Id}) with all its runs and work items?") { DefaultValue = false },
                ct);
            if (!confirmed)
            {
                output.WriteLine("Nothing deleted.");
                return ClientExitCodes.Failed;
            }
        }

        var deleted = await client.DeleteProcessAsync(session.WorkspaceId, process.Id, ct);
        if (output.IsJson)
        {
            output.WriteJson(deleted);
        }
        else
        {
            output.WriteLine($"Deleted process '{process.Name}' ({process.Id}).");
        }

        return ClientExitCodes.Ok;
    }

    /// <summary>The robots' names by id, for a table; empty when the key may not read robots (the ids show instead).</summary>
    private static async Task<Dictionary<string, string>> RobotNamesAsync(HangarClient client, string workspaceId, CancellationToken ct)
    {
        try
        {
            return await client.ListTaskPackagesAsync(workspaceId, ct).ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, ct);
        }
        catch (HangarApiException e) when (e.Status == System.Net.HttpStatusCode.Forbidden)
        {
            return [];
        }
    }

}
