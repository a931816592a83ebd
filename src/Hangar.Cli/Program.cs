using System.CommandLine;
using Hangar.Cli;

var root = new RootCommand("Hangar: a self-hosted control room for software robots.")
{
    ServeCommand.Create(),
    AdminCommands.Create(),
    WorkerCommands.Create(),
};

// The server's host handles Ctrl-C and SIGTERM itself (graceful shutdown); commands get no second handler.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
