namespace Hangar.TestSupport;

/// <summary>How a <c>hangar</c> command ended: its exit code, and what it wrote to stdout and to stderr.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
