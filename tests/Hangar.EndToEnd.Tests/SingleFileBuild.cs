using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The self-contained single-file hangar, published as docs/workers.md says, once per test run (the tests that need it
/// share it). Its build folders are kept in the test output folder, so a later run builds only what changed; they are
/// its own (<c>--artifacts-path</c>), so the publish never touches the build the other tests run.
/// </summary>
internal static class SingleFileBuild
{
    private static readonly Lazy<Task<string>> Built = new(PublishAsync);

    /// <summary>The path of the published <c>hangar</c> file.</summary>
    public static Task<string> ExecutableAsync() => Built.Value;

    private static async Task<string> PublishAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "single-file");
        var output = Path.Combine(folder, "out");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ExampleRobots.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "publish", "src/Hangar.Cli", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "-p:PublishSingleFile=true",
                     "--artifacts-path", Path.Combine(folder, "build"), "-o", output, "-nologo", "-v:q", "-clp:NoSummary",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        // The test host runs under 'dotnet test', whose MSBuild settings must not steer this build.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        using var publish = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30)))
        {
            await publish.WaitForExitAsync(timeout.Token);
        }

        var executable = Path.Combine(output, "hangar");
        if (publish.ExitCode != 0 || !File.Exists(executable))
        {
            throw new InvalidOperationException($"dotnet publish exited {publish.ExitCode}:\n{await stdout}\n{await stderr}");
        }

        return executable;
    }
}
