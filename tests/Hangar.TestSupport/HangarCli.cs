using System.Diagnostics;

namespace Hangar.TestSupport;

/// <summary>
/// The built <c>hangar</c> run for its client commands as a user runs it: in a home folder of its own (so the
/// config it writes is a temporary one, never the tester's), with stdout and stderr kept apart, and stdin given.
/// </summary>
public sealed class HangarCli : IDisposable
{
    public HangarCli()
    {
        Home = TempDirectory.Create("hangar-cli-home");
    }

    /// <summary>HOME of the commands; the config file is under it (<see cref="ConfigPath"/>).</summary>
    public string Home { get; }

    public string ConfigPath => Path.Combine(Home, ".config", "hangar", "config.json");

    /// <summary>Variables every command of this CLI gets (HANGAR_API_KEY, say); a run's own come on top.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, null, null);

    /// <summary>Runs one command to its end (at most two minutes).</summary>
    public async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        info.ArgumentList.Add(HangarProcess.CliPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "HANGAR_SERVER", "HANGAR_WORKSPACE", "HANGAR_API_KEY", "HANGAR_PROFILE", "HANGAR_CONFIG", "XDG_CONFIG_HOME" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["HOME"] = Home;
        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in Environment.Concat(environment ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hangar {string.Join(' ', info.ArgumentList.Skip(1))} did not end:\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => TempDirectory.TryDelete(Home);
}
