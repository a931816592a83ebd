using System.CommandLine;
using Hangar.Cli;
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
    Hangar.Cli.Client.KeysCommands.Create(),
    Hangar.Cli.Client.SecretsCommands.Create(),
};
VersionAction.ApplyTo(root);

// The server's host handles Ctrl-C and SIGTERM itself (graceful shutdown); commands get no second handler.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
