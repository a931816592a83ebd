using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;

namespace Hangar.Peers.Hangfire;

/// <summary>
/// A small Hangfire app doing what a Hangar run does, for `hangar-bench peers`: <c>POST /jobs</c> enqueues the body
/// as a job's payload; a Hangfire server with N workers runs each job's robot command (<see cref="RobotJob"/>).
/// Hangfire is set up as its documentation shows, with nothing tuned but the worker count and, when asked, the
/// queue poll interval.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        PeerOptions options;
        try
        {
            options = PeerOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"hangfire-peer: {ex.Message}{Environment.NewLine}{Environment.NewLine}{PeerOptions.Usage}");
            return 2;
        }

        Directory.CreateDirectory(options.RobotDirectory);
        Directory.CreateDirectory(options.PayloadDirectory);
        Directory.CreateDirectory(options.ResultDirectory);
        var task = Path.Combine(options.RobotDirectory, "task.py");
        if (!File.Exists(task))
        {
            // Its first line is the time its process started, for the trigger → robot latency.
            File.WriteAllText(task, "import time\nprint(time.time())\n");
        }

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddTransient<RobotJob>();
        builder.Services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.Storage == "postgres")
            {
                var storage = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true };
                if (options.PollInterval is { } poll)
                {
                    storage.QueuePollInterval = poll;
                }

                config.UsePostgreSqlStorage(c => c.UseNpgsqlConnection(options.Postgres), storage);
            }
            else
            {
                var storage = new SQLiteStorageOptions();
                if (options.PollInterval is { } poll)
                {
                    storage.QueuePollInterval = poll;
                }

                config.UseSQLiteStorage(options.SqlitePath ?? Path.Combine(options.WorkDirectory, "hangfire.db"), storage);
            }
        });
        if (options.Workers > 0)
        {
            builder.Services.AddHangfireServer(server => server.WorkerCount = options.Workers);
        }

        var app = builder.Build();
        // The storage (and on PostgreSQL its schema) is made now, not by the first request.
        app.Services.GetRequiredService<JobStorage>();
        JobEndpoints.Map(app);
        app.Run();
        return 0;
    }
}
