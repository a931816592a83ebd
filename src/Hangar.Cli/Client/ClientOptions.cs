using System.CommandLine;

namespace Hangar.Cli.Client;

/// <summary>The options every client command takes (they are recursive: give them before or after the command).</summary>
internal static class ClientOptions
{
    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = "Which saved login to use (see 'hangar login'). Env HANGAR_PROFILE. Default: default.",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "table (for people) or json (stable, for scripts).",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    /// <summary>Adds the options to the client commands' root, so each command below it accepts them.</summary>
    public static void AddTo(Command root)
    {
        root.Options.Add(Profile);
        root.Options.Add(Output);
    }
}
