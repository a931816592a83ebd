using System.CommandLine;
using Hangar.Worker;
using Hangar.Worker.Isolation;

namespace Hangar.Cli;

/// <summary><c>hangar worker link</c> and <c>hangar worker start</c>: a worker on this machine, for a server anywhere.</summary>
internal static class WorkerCommands
{
    private static readonly Option<string?> Config = new("--config")
    {
        Description = "Where the worker's credential is kept. Default ~/.config/hangar/worker.json.",
    };

    private static readonly Argument<string> Token = new("token") { Description = "A link token from the workspace's worker settings." };
    private static readonly Option<string> Name = new("--name") { Description = "The worker's name as Hangar shows it.", Required = true };
    private static readonly Option<string> Server = new("--server") { Description = "The server's URL, e.g. http://hangar.example:8080.", Required = true };

    private static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = "How many robots run at once. Default 1.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string?> WorkDir = new("--work-dir")
    {
        Description = "Where packages are cached and robots run. Default ~/.cache/hangar/worker.",
    };

    private static readonly Option<string?> Rcc = new("--rcc")
    {
        Description = "Run packages that have a conda.yaml through rcc: 'auto' (rcc from the PATH, when there is one), 'never', or the path "
                      + "of the rcc executable. Env HANGAR_WORKER_RCC. Default auto.",
    };

    private static readonly Option<string?> Isolation = new("--isolation")
    {
        Description = "How robots are kept away from the worker: 'auto' (the best available: a bubblewrap sandbox, else an unprivileged "
                      + "user when the worker runs as root, else a clean environment only), or 'sandbox', 'user' or 'none' to require one. "
                      + "Env HANGAR_WORKER_ISOLATION. Default auto.",
    };

    private static readonly Option<string?> RobotUser = new("--robot-user")
    {
        Description = "The unprivileged user robots run as when the worker runs as root (created when missing). "
                      + "Env HANGAR_WORKER_ROBOT_USER. Default hangar-robot.",
    };

    private static readonly Option<double?> DrainSeconds = new("--drain-seconds")
    {
        Description = "On a stop (Ctrl-C, SIGTERM), how long running robots get to finish before they are ended and their step runs "
                      + "given back to the queue. Env HANGAR_WORKER_DRAIN_SECONDS. Default 30.",
    };

    public static Command Create()
    {
        var worker = new Command("worker", "Run robots for a Hangar server.");
        var link = new Command("link", "Link this machine as a worker with a link token, and keep its credential.") { Token, Name, Server, Config };
        link.SetAction(LinkAsync);
        var start = new Command("start", "Claim and run step runs until stopped (Ctrl-C).") { Concurrency, Config, WorkDir, Rcc, Isolation, RobotUser, DrainSeconds };
        start.SetAction(StartAsync);
        worker.Subcommands.Add(link);
        worker.Subcommands.Add(start);
        return worker;
    }

    /// <summary>Reads the isolation settings (flags, else env); prints why and answers false when one is wrong.</summary>
    internal static bool TryIsolationOption(string? isolation, string? robotUser, out IsolationOption option)
    {
        try
        {
            option = IsolationOption.Parse(isolation ?? Environment.GetEnvironmentVariable(IsolationOption.EnvironmentVariable),
                robotUser ?? Environment.GetEnvironmentVariable(IsolationOption.RobotUserEnvironmentVariable),
                Environment.GetEnvironmentVariable(IsolationOption.SandboxReadOnlyEnvironmentVariable));
            return true;
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"hangar: {ex.Message}");
            option = IsolationOption.Auto;
            return false;
        }
    }

    /// <summary>Reads the drain time (flag, else env HANGAR_WORKER_DRAIN_SECONDS); prints why and answers false when it is not 0 to 3600 s.</summary>
    internal static bool TryDrainTime(double? seconds, out TimeSpan drain)
    {
        var text = Environment.GetEnvironmentVariable("HANGAR_WORKER_DRAIN_SECONDS");
        var value = seconds ?? (string.IsNullOrWhiteSpace(text) ? WorkerHost.DefaultDrainTime.TotalSeconds
            : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : -1);
        if (value is < 0 or > 3600 || double.IsNaN(value))
        {
            Console.Error.WriteLine("hangar: the drain time (--drain-seconds, HANGAR_WORKER_DRAIN_SECONDS) must be from 0 to 3600 seconds.");
            drain = WorkerHost.DefaultDrainTime;
            return false;
        }

        drain = TimeSpan.FromSeconds(value);
        return true;
    }

    /// <summary>Reads the rcc setting (flag or env); prints why and answers false when it names no file.</summary>
    internal static bool TryRccOption(string? value, out RccOption rcc)
    {
        try
        {
            rcc = RccOption.Parse(value);
            return true;
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"hangar: {ex.Message}");
            rcc = RccOption.Never;
            return false;
        }
    }

    private static async Task<int> LinkAsync(ParseResult parse, CancellationToken ct)
    {
        if (!Uri.TryCreate(parse.GetValue(Server), UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync("hangar: --server must be an http:// or https:// URL.");
            return ExitCodes.BadConfiguration;
        }

        var path = parse.GetValue(Config) ?? WorkerConfig.DefaultPath;
        try
        {
            var linked = await WorkerApi.LinkAsync(server, parse.GetValue(Token)!, parse.GetValue(Name)!, ct);
            await new WorkerConfig(server.ToString().TrimEnd('/'), linked.WorkerId, linked.WorkspaceId, linked.Credential).SaveAsync(path, ct);
            Console.WriteLine($"Linked worker {linked.WorkerId} to workspace {linked.WorkspaceId}; credential saved in {path}.");
            return ExitCodes.Ok;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: linking failed: {ex.Message}");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> StartAsync(ParseResult parse, CancellationToken ct)
    {
        var path = parse.GetValue(Config) ?? WorkerConfig.DefaultPath;
        var config = await WorkerConfig.LoadAsync(path, ct);
        if (config is null)
        {
            var link = HangarInvocation.Hint("hangar worker link <token> --name <name> --server <url>");
            await Console.Error.WriteLineAsync($"hangar: no worker credential at {path}; run '{link}' first.");
            return ExitCodes.BadConfiguration;
        }

        if (!TryRccOption(parse.GetValue(Rcc) ?? Environment.GetEnvironmentVariable(RccOption.EnvironmentVariable), out var rcc)
            || !TryIsolationOption(parse.GetValue(Isolation), parse.GetValue(RobotUser), out var isolation)
            || !TryDrainTime(parse.GetValue(DrainSeconds), out var drain))
        {
            return ExitCodes.BadConfiguration;
        }

        var workDir = parse.GetValue(WorkDir)
                      ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hangar", "worker");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // A service manager stops the worker with SIGTERM: the same graceful stop as Ctrl-C, not a death that orphans robots.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        using var tracing = Hangar.Server.Observability.HangarTelemetry.StartWorkerTracing();
        try
        {
            await new WorkerHost(config, workDir, Console.Out, TimeProvider.System)
            {
                Concurrency = Math.Max(1, parse.GetValue(Concurrency)), Rcc = rcc, Isolation = isolation, PrivatePaths = [Path.GetFullPath(path)],
                DrainTime = drain,
            }.RunAsync(stop.Token);
            return ExitCodes.Ok;
        }
        catch (IsolationUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }
        catch (HttpRequestException)
        {
            return ExitCodes.Failed;
        }
    }
}
