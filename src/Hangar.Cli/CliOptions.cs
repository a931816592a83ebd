using System.CommandLine;
using Hangar.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Hangar.Cli;

/// <summary>Flags shared by the commands that reach the server's data, and how they override env and appsettings.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Data directory (SQLite file, master key, blobs). Env HANGAR_DATA_DIR. Default ./hangar-data.",
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "PostgreSQL connection string or postgres:// URL. Env HANGAR_DATABASE. Default: SQLite in the data directory.",
    };

    /// <summary>Merges appsettings.json (beside the binary, or HANGAR_CONFIG), then HANGAR_* env, then the flags given.</summary>
    public static HangarServerOptions Load(ParseResult parse)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Environment.GetEnvironmentVariable("HANGAR_CONFIG") is { Length: > 0 } path ? Path.GetFullPath(path) : "__none__.json", optional: true)
            .Build();
        var options = HangarServerOptions.FromConfiguration(configuration);
        options.DataDirectory = parse.GetValue(DataDir) ?? options.DataDirectory;
        options.Database = parse.GetValue(Database) ?? options.Database;
        return options;
    }

    /// <summary>Prints each configuration problem and tells whether there were any.</summary>
    public static bool Invalid(HangarServerOptions options)
    {
        var problems = options.Validate();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"hangar: {problem}");
        }

        return problems.Count > 0;
    }
}
