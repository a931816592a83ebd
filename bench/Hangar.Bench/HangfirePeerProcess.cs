using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hangar.Bench;

/// <summary>
/// The Hangfire peer (<c>bench/peers/hangfire</c>, built as <c>hangfire-peer.dll</c>) as a child process on a free
/// loopback port: started with its storage, worker count and poll interval, ready when <c>GET /healthz</c> answers
/// 200. Disposing stops it with SIGTERM and kills it if it does not exit.
/// </summary>
internal sealed class HangfirePeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();

    private HangfirePeerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>Where <c>bench/peers/hangfire</c> puts its build, under the repository root.</summary>
    public static string FindDll(string? given, string? root)
    {
        var path = given ?? (root is null ? null : Path.Combine(root, "bench", "peers", "hangfire", "bin", "Release", "net10.0", "hangfire-peer.dll"));
        return path is not null && File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new BenchException(
                $"no Hangfire peer at '{path}'; run 'dotnet build -c Release bench/peers/hangfire' or give --hangfire PATH.");
    }

    /// <param name="workers">Hangfire workers; 0 starts no Hangfire server (the app only enqueues).</param>
    /// <param name="pollMs">The storage's queue poll interval; 0 for Hangfire's default.</param>
    public static async Task<HangfirePeerProcess> StartAsync(string dll, string workDir, string? postgres, int workers, int pollMs,
        IReadOnlyList<string> robot, CancellationToken ct)
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var info = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = workDir,
            };
            var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            string[] arguments =
            [
                dll, "--urls", baseAddress.ToString().TrimEnd('/'), "--work-dir", workDir, "--workers", workers.ToString(CultureInfo.InvariantCulture),
                "--poll-ms", pollMs.ToString(CultureInfo.InvariantCulture), "--robot", string.Join(' ', robot),
                .. postgres is null ? (string[])["--storage", "sqlite"] : ["--storage", "postgres", "--postgres", postgres],
            ];
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("HANGFIRE_PEER_", StringComparison.Ordinal)).ToList())
            {
                info.Environment.Remove(name);
            }

            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var peer = new HangfirePeerProcess(process, baseAddress);
            process.OutputDataReceived += (_, e) => peer.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => peer.Keep(e.Data);
            if (!process.Start())
            {
                process.Dispose();
                throw new BenchException($"could not start 'dotnet {dll}'.");
            }

            ChildProcesses.Track(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                await peer.WaitReadyAsync(ct);
            }
            catch
            {
                await peer.DisposeAsync();
                throw;
            }

            return peer;
        }
    }

    /// <summary>Resident set size and its peak, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public MemorySample? Memory() => ProcMemory(_process.Id);

    /// <summary>VmRSS and VmHWM of a process, in KiB (null when it is gone or off Linux).</summary>
    public static MemorySample? ProcMemory(int pid)
    {
        var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        try
        {
            long? rss = null, hwm = null;
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal) || line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kib = long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    if (line[2] == 'R')
                    {
                        rss = kib;
                    }
                    else
                    {
                        hwm = kib;
                    }
                }
            }

            return rss is { } r ? new MemorySample(r, hwm ?? r) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])
                       {
                           UseShellExecute = false,
                       }))
                {
                    if (kill is not null)
                    {
                        await kill.WaitForExitAsync();
                    }
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        ChildProcesses.Forget(_process);
        _process.Dispose();
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (180 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new BenchException($"the Hangfire peer exited with code {_process.ExitCode} before it was ready:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), ct);
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

            await Task.Delay(100, ct);
        }

        throw new BenchException($"the Hangfire peer was not ready within 180 s:{Environment.NewLine}{RecentOutput()}");
    }

    private string RecentOutput()
    {
        lock (_outputLock)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > 40)
            {
                _output.Dequeue();
            }
        }
    }
}
