namespace Hangar.Core.Platform;

/// <summary>
/// How <c>hangar</c> is started on this machine: <c>hangar</c> when the PATH finds this very executable, else the way it
/// was started (<c>dotnet run --project src/Hangar.Cli --</c>, or the executable's full path). Every hint Hangar prints
/// goes through <see cref="Format"/>, so that the command it names works where it is read.
/// </summary>
public sealed class HangarCommand
{
    public const string Name = "hangar";

    public HangarCommand(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        Prefix = prefix;
    }

    /// <summary>The plain name, for a <c>hangar</c> on the PATH (and for a server hosted by something else than the CLI).</summary>
    public static HangarCommand OnPath { get; } = new(Name);

    /// <summary>What stands for <c>hangar</c> in a command: <c>hangar</c>, <c>dotnet run --project src/Hangar.Cli --</c>, or a path.</summary>
    public string Prefix { get; }

    public bool IsOnPath => Prefix == Name;

    /// <summary>
    /// <paramref name="command"/> (<c>"hangar admin compact"</c>) as it is run here. Hints keep the whole
    /// <c>hangar …</c> command in their text, so the test of printed commands still finds and checks it.
    /// </summary>
    public string Format(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!command.StartsWith(Name + " ", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{command}' is not a hangar command.", nameof(command));
        }

        return Prefix + command[Name.Length..];
    }

    public override string ToString() => Prefix;
}
