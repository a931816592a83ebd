using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar --version</c>: the version and the commit it was built from. The SDK's Source Link writes the commit into
/// the informational version (<c>1.0.0+&lt;sha&gt;</c>) when it builds inside a git repository; a build from a source
/// archive has none, and says so.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public static string Text { get; } = Describe(
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0");

    /// <summary>Replaces the version option's default action (which prints the raw informational version).</summary>
    public static void ApplyTo(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction();
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Text);
        return 0;
    }

    private static string Describe(string informational)
    {
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"hangar {informational} (unknown commit)"
            : $"hangar {informational[..plus]} (commit {informational[(plus + 1)..]})";
    }
}
