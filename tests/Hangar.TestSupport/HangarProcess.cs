using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Hangar.TestSupport;

/// <summary>The real <c>hangar</c> executable run as a child process, with its output captured.</summary>
public sealed class HangarProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _lock = new();

    private HangarProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string CliPath { get; } = Path.GetFullPath(typeof(HangarProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HangarCliPath").Value!);

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>The process id (of <c>dotnet</c> running hangar).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <c>dotnet hangar.dll ARGS</c> with hangar's folder first on the PATH, as an installed hangar is: the hints it
    /// prints then name plain <c>hangar</c> commands. (A <c>PATH</c> in <paramref name="environment"/> replaces it.)
    /// </summary>
    public static HangarProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        StartProgram("dotnet", [CliPath, .. args], environment);

    /// <summary>Starts <paramref name="program"/> (the hangar apphost, a single-file build, <c>dotnet run</c>…) as <see cref="Start"/> starts hangar.</summary>
    public static HangarProcess StartProgram(string program, IEnumerable<string> args, IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.TryGetValue("PATH", out var path);
        info.Environment["PATH"] = Path.GetDirectoryName(CliPath) + Path.PathSeparator + path;

        // The child must not inherit configuration meant for the test run itself.
        foreach (var name in new[]
                 {
                     "HANGAR_ADMIN_PASSWORD", "HANGAR_DATABASE", "HANGAR_DATA_DIR", "HANGAR_MASTER_KEY", "HANGAR_URLS", "HANGAR_PUBLIC_URL",
                     "HANGAR_TRUSTED_PROXIES", "HANGAR_TLS_CERT", "HANGAR_TLS_KEY", "HANGAR_TLS_CERT_PASSWORD", "HANGAR_SMTP_URLS", "HANGAR_MAIL_DOMAIN",
                     "HANGAR_LOG_FORMAT", "HANGAR_BLOBS", "HANGAR_S3_ENDPOINT", "HANGAR_S3_REGION", "HANGAR_S3_FORCE_PATH_STYLE", "HANGAR_BLOB_DOWNLOADS",
                 })
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new HangarProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs a command to its end and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        RunToEndAsync(Start(args, environment));

    /// <summary>Runs <paramref name="program"/> to its end (see <see cref="StartProgram"/>) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunProgramAsync(string program, IEnumerable<string> args,
        IDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        RunToEndAsync(StartProgram(program, args, environment, workingDirectory));

    /// <summary>Runs a command with <paramref name="input"/> on its stdin (then closed), to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithInputAsync(IEnumerable<string> args, string input,
        IDictionary<string, string>? environment = null)
    {
        var started = Start(args, environment);
        await started._process.StandardInput.WriteAsync(input);
        started._process.StandardInput.Close();
        return await RunToEndAsync(started);
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(HangarProcess started)
    {
        await using var process = started;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process.ExitCode, process.Output);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200, or fails with the process's output.</summary>
    /// <param name="url">A URL the server answers once ready (its /readyz).</param>
    /// <param name="handler">The client handler to ask with (one that trusts a test certificate, for https).</param>
    public async Task WaitUntilReadyAsync(string url, HttpMessageHandler? handler = null)
    {
        // Bounds for a loaded machine, where a start has taken over a minute and one readiness answer several seconds:
        // a server that exits still fails at once, and one that never answers fails with its output.
        using var client = handler is null
            ? new HttpClient { Timeout = TimeSpan.FromSeconds(15) }
            : new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(15) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var lastAnswer = "none";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"hangar exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastAnswer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"hangar did not become ready at {url} (last answer: {lastAnswer}):\n{Output}");
    }

    /// <summary>Waits (up to a minute) for the process to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop as Ctrl-C or a service manager would (SIGTERM) and waits for it.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, "TERM");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does, and waits (up to a minute) for the process to end.</summary>
    public async Task<int> InterruptAsync()
    {
        _ = Kill(_process.Id, "INT");
        return await WaitForExitAsync();
    }

    /// <summary>Kills the process and every process it started at once (kill -9 of its process tree), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
