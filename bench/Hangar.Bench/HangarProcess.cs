using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hangar.Bench;

/// <summary>
/// Runs <c>dotnet hangar.dll …</c> as a child process: <c>serve</c> on a free loopback port, or a one-shot admin
/// command. The child gets a clean environment for Hangar (no inherited <c>HANGAR_*</c> variable, so a developer's
/// <c>HANGAR_DATABASE</c> cannot point the benchmark at a real database) and the temp data directory as its working
/// directory. Disposing stops the server with SIGTERM and kills the whole process tree if it does not exit.
/// </summary>
internal sealed class HangarProcess : IAsyncDisposable
{
    public const string AdminPassword = "bench-first-owner-secret";

    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();

    private readonly string? _watchFor;
    private readonly TaskCompletionSource<DateTimeOffset> _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HangarProcess(Process process, Uri baseAddress, string? watchFor = null)
    {
        _process = process;
        BaseAddress = baseAddress;
        _watchFor = watchFor;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>When the process first printed the line it was started to watch for (<c>watchFor</c>).</summary>
    public Task<DateTimeOffset> Watched => _watched.Task;

    /// <summary>Starts <c>serve</c> on a free port and waits until <c>GET /readyz</c> answers 200.</summary>
    /// <param name="workerSlots">0: no worker (<c>--no-worker</c>); else the embedded worker runs that many robots at once.</param>
    /// <param name="environment">Further variables for the server (e.g. a shorter housekeeping interval).</param>
    /// <param name="port">The port to listen on (a restart on the same address); a free one by default.</param>
    /// <param name="arguments">Further arguments for <c>serve</c>.</param>
    /// <param name="watchFor">A text whose first output line <see cref="Watched"/> reports (and when it came).</param>
    public static async Task<HangarProcess> StartServerAsync(string hangarDll, string dataDir, CancellationToken ct, int workerSlots = 0,
        IReadOnlyDictionary<string, string>? environment = null, int? port = null, IReadOnlyList<string>? arguments = null, string? watchFor = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{(port ?? FreeLoopbackPort()).ToString(CultureInfo.InvariantCulture)}/");
        string[] serve = ["serve", "--urls", baseAddress.ToString().TrimEnd('/'), "--data-dir", dataDir, .. arguments ?? []];
        var info = StartInfo(hangarDll, dataDir, workerSlots > 0 ? serve : [.. serve, "--no-worker"]);
        if (workerSlots > 0)
        {
            info.Environment["HANGAR_WORKER_CONCURRENCY"] = workerSlots.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new HangarProcess(process, baseAddress, watchFor);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new BenchException($"could not start 'dotnet {hangarDll} serve'.");
        }

        ChildProcesses.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(180), ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Starts <c>hangar worker start</c> with a credential saved by <c>worker link</c> and waits for its first line
    /// (it prints it once its slots are about to claim); answers the process and when that line came.
    /// </summary>
    /// <param name="workDir">The worker's work dir; <c>worker</c> in <paramref name="dataDir"/> by default.</param>
    /// <param name="arguments">Further arguments for <c>worker start</c> (e.g. <c>--isolation none</c>).</param>
    public static async Task<(HangarProcess Worker, DateTimeOffset ReadyAt)> StartWorkerAsync(string hangarDll, string dataDir, string configPath,
        int concurrency, Uri server, CancellationToken ct, string? workDir = null, IReadOnlyList<string>? arguments = null)
    {
        var info = StartInfo(hangarDll, dataDir, ["worker", "start", "--config", configPath, "--work-dir", workDir ?? Path.Combine(dataDir, "worker"),
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), .. arguments ?? []]);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new HangarProcess(process, server);
        var ready = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(" serving ", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(DateTimeOffset.UtcNow);
            }

            worker.Keep(e.Data);
        };
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new BenchException($"could not start 'dotnet {hangarDll} worker start'.");
        }

        ChildProcesses.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(180));
        try
        {
            return (worker, await ready.Task.WaitAsync(limit.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await worker.DisposeAsync();
            throw new BenchException($"the worker did not start within 180 s:{Environment.NewLine}{worker.RecentOutput()}");
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a one-shot command (e.g. <c>admin create-api-key</c>) and returns its standard output.</summary>
    public static Task<string> RunCommandAsync(string hangarDll, string dataDir, CancellationToken ct, params string[] arguments) =>
        RunCommandAsync(hangarDll, dataDir, TimeSpan.FromSeconds(120), arguments, ct);

    /// <summary>Runs a hangar command to its end, within <paramref name="limit"/> (a seeding rebuild of a million runs takes a while).</summary>
    public static async Task<string> RunCommandAsync(string hangarDll, string dataDir, TimeSpan limit, string[] arguments, CancellationToken ct)
    {
        using var process = new Process { StartInfo = StartInfo(hangarDll, dataDir, arguments) };
        if (!process.Start())
        {
            throw new BenchException($"could not start 'dotnet {hangarDll} {arguments[0]}'.");
        }

        ChildProcesses.Track(process);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(limit);
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new BenchException(
                    $"'hangar {string.Join(' ', arguments.Take(2))}' exited with {process.ExitCode}: {errors.Trim()} {output.Trim()}");
            }

            return output;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            ChildProcesses.Forget(process);
        }
    }

    /// <summary>Resident set size and its peak, from <c>/proc/&lt;pid&gt;/status</c> (in KiB; null off Linux).</summary>
    public MemorySample? Memory()
    {
        var path = $"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        long? rss = null, hwm = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = ParseKiB(line);
            }
        }

        return rss is { } r ? new MemorySample(r, hwm ?? r) : null;
    }

    public string RecentOutput()
    {
        lock (_outputLock)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>Kills the process tree at once (SIGKILL), as a crash or <c>kill -9</c> would end it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Sends SIGTERM and waits for a graceful exit; kills the process tree after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            });
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No 'kill' command, or the server ignored SIGTERM: fall through to a hard kill.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(15));
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        ChildProcesses.Forget(_process);
        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan limit, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new BenchException(
                    $"the server exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // The 2 s per-request timeout.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        throw new BenchException($"the server was not ready within {limit.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (_watchFor is not null && !_watched.Task.IsCompleted && line.Contains(_watchFor, StringComparison.Ordinal))
        {
            _watched.TrySetResult(DateTimeOffset.UtcNow);
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }

    private static ProcessStartInfo StartInfo(string hangarDll, string dataDir, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = dataDir,
        };
        info.ArgumentList.Add(hangarDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("HANGAR_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["HANGAR_ADMIN_PASSWORD"] = AdminPassword;
        // The one setting passed through: how robots are isolated, to measure what the sandbox costs (auto by default).
        if (Environment.GetEnvironmentVariable("HANGAR_WORKER_ISOLATION") is { Length: > 0 } isolation)
        {
            info.Environment["HANGAR_WORKER_ISOLATION"] = isolation;
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}

/// <summary>A memory reading of the server process, in KiB.</summary>
internal readonly record struct MemorySample(long RssKiB, long PeakRssKiB)
{
    public static string Format(long kib) => $"{kib / 1024.0:0.0} MiB";
}

/// <summary>
/// Every child process still running, so that Ctrl-C, SIGTERM or an unhandled exception cannot leave a server behind
/// (the last resort; the normal path disposes each <see cref="HangarProcess"/>).
/// </summary>
internal static class ChildProcesses
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Process> Running = [];

    public static void Track(Process process)
    {
        lock (Gate)
        {
            Running.Add(process);
        }
    }

    public static void Forget(Process process)
    {
        lock (Gate)
        {
            Running.Remove(process);
        }
    }

    public static void KillAll()
    {
        Process[] running;
        lock (Gate)
        {
            running = [.. Running];
            Running.Clear();
        }

        foreach (var process in running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Already gone.
            }
        }
    }
}

/// <summary>An expected failure, reported as one line without a stack trace.</summary>
internal sealed class BenchException(string message) : Exception(message);
