using System.CommandLine;
using Hangar.Cli;
using Hangar.Cli.Client;
using Hangar.Core.Platform;

// Everything hangar writes (the data directory, a worker's folder and credential) is for its own user only.
if (Posix.IsSupported)
{
    Posix.SetUmask(UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                   | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
}

var root = new RootCommand("Hangar: a self-hosted control room for software robots.")
{
    ServeCommand.Create(),
    AdminCommands.Create(),
    WorkerCommands.Create(),
    RunCommand.Create(),
    RunsCommands.Create(),
    ArtifactsCommands.Create(),
    WorkItemsCommands.Create(),
    LoginCommands.CreateLogin(),
    LoginCommands.CreateLogout(),
    RobotCommands.Create(),
    ProcessCommands.Create(),
    Hangar.Cli.Client.KeysCommands.Create(),
    Hangar.Cli.Client.SecretsCommands.Create(),
};
VersionAction.ApplyTo(root);

// The server's host handles Ctrl-C and SIGTERM itself (graceful shutdown); commands get no second handler.
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// A client command called wrongly exits with the client commands' usage code, which scripts tell from a refusal (1).
return parsed.Errors.Count > 0 && IsClientCommand(parsed.CommandResult) ? ClientExitCodes.Usage : exitCode;

static bool IsClientCommand(System.CommandLine.Parsing.SymbolResult? result)
{
    for (; result is not null; result = result.Parent)
    {
        if (result is System.CommandLine.Parsing.CommandResult { Command: var command } && command.Options.Contains(ClientOptions.Output))
        {
            return true;
        }
    }

    return false;
}
