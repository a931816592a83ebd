using System.Globalization;

namespace Hangar.Peers.Hangfire;

/// <summary>
/// The peer's settings, from <c>--name value</c> arguments or else <c>HANGFIRE_PEER_NAME</c> environment variables:
/// where it listens, which storage it uses, how many workers run jobs and how often they poll, and the robot command.
/// </summary>
internal sealed class PeerOptions
{
    public const string Usage = """
        Usage: dotnet hangfire-peer.dll [options]   (each option also from HANGFIRE_PEER_<NAME>, e.g. HANGFIRE_PEER_STORAGE)

          --urls URL          Where to listen. Default http://127.0.0.1:5080.
          --storage KIND      sqlite (default) or postgres.
          --sqlite PATH       The SQLite file (Hangfire.Storage.SQLite). Default hangfire.db in the work folder.
          --postgres CONN     The PostgreSQL connection string (Hangfire.PostgreSql); its schema is created if missing.
          --workers N         Hangfire worker count. Default 8; 0 starts no Hangfire server (the app only enqueues).
          --poll-ms N         The storage's QueuePollInterval in ms. Default 0: Hangfire's documented default (15 s).
          --robot COMMAND     What a job runs, split on spaces. Default 'python3 task.py', in the work folder's robot/,
                              which holds a task.py printing time.time() (written at start unless one is there).
          --work-dir DIR      Where robot/, payloads/ and results/ live. Default a new temporary folder.
        """;

    public string Urls { get; private set; } = "http://127.0.0.1:5080";

    public string Storage { get; private set; } = "sqlite";

    public string? SqlitePath { get; private set; }

    public string? Postgres { get; private set; }

    public int Workers { get; private set; } = 8;

    /// <summary>Null: the storage's own default.</summary>
    public TimeSpan? PollInterval { get; private set; }

    public IReadOnlyList<string> Robot { get; private set; } = ["python3", "task.py"];

    public string WorkDirectory { get; private set; } = "";

    public string RobotDirectory => Path.Combine(WorkDirectory, "robot");

    public string PayloadDirectory => Path.Combine(WorkDirectory, "payloads");

    /// <summary>One file per finished job (<c>&lt;id&gt;.json</c>): when its robot started and ended, and its first line.</summary>
    public string ResultDirectory => Path.Combine(WorkDirectory, "results");

    public static PeerOptions Parse(IReadOnlyList<string> args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'.");
            }

            given[args[i][2..]] = args[++i];
        }

        string? Get(string name) => given.Remove(name, out var value)
            ? value
            : Environment.GetEnvironmentVariable("HANGFIRE_PEER_" + name.Replace('-', '_').ToUpperInvariant());

        var options = new PeerOptions();
        options.Urls = Get("urls") ?? options.Urls;
        options.Storage = Get("storage") ?? options.Storage;
        options.SqlitePath = Get("sqlite");
        options.Postgres = Get("postgres");
        options.Workers = Get("workers") is { } workers ? Whole("workers", workers, 0, 1000) : options.Workers;
        options.PollInterval = Get("poll-ms") is { } poll && Whole("poll-ms", poll, 0, 3_600_000) is > 0 and var ms
            ? TimeSpan.FromMilliseconds(ms)
            : null;
        options.Robot = Get("robot") is { } robot ? robot.Split(' ', StringSplitOptions.RemoveEmptyEntries) : options.Robot;
        options.WorkDirectory = Path.GetFullPath(Get("work-dir") ?? Directory.CreateTempSubdirectory("hangfire-peer-").FullName);
        if (given.Count > 0)
        {
            throw new ArgumentException($"unknown option --{given.Keys.First()}.");
        }

        if (options.Storage is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--storage must be sqlite or postgres.");
        }

        if (options.Storage == "postgres" && string.IsNullOrEmpty(options.Postgres))
        {
            throw new ArgumentException("--storage postgres needs --postgres CONN.");
        }

        if (options.Robot.Count == 0)
        {
            throw new ArgumentException("--robot must name a command.");
        }

        return options;
    }

    private static int Whole(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}, not '{text}'.");
}
