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

    public static readonly Option<string?> Blobs = new("--blobs")
    {
        Description = "Where blobs (packages, artifacts, files, assets) live: s3://bucket/prefix, or a folder. Env HANGAR_BLOBS. Default: the data directory's blobs folder.",
    };

    public static readonly Option<string?> S3Endpoint = new("--s3-endpoint")
    {
        Description = "URL of an S3-compatible server (MinIO, Ceph, ...). Env HANGAR_S3_ENDPOINT. Default: AWS S3. Credentials come from the AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, roles).",
    };

    public static readonly Option<string?> S3Region = new("--s3-region")
    {
        Description = "S3 region. Env HANGAR_S3_REGION. Default: AWS_REGION or the profile's; us-east-1 with --s3-endpoint.",
    };

    public static readonly Option<bool> S3ForcePathStyle = new("--s3-force-path-style")
    {
        Description = "Address the bucket in the URL path (most S3-compatible servers need it). Env HANGAR_S3_FORCE_PATH_STYLE=true.",
    };

    public static readonly Option<string?> BlobDownloads = new("--blob-downloads")
    {
        Description = "How download URLs are served: 'hangar' (through this server, the default) or 'presigned' (S3 presigned URLs; needs --blobs s3://...). Env HANGAR_BLOB_DOWNLOADS.",
    };

    /// <summary>Applies the blob store flags given (for the commands that have them) over env and appsettings.</summary>
    public static void ApplyBlobFlags(ParseResult parse, HangarServerOptions options)
    {
        options.Blobs.Location = parse.GetValue(Blobs) ?? options.Blobs.Location;
        options.Blobs.S3Endpoint = parse.GetValue(S3Endpoint) ?? options.Blobs.S3Endpoint;
        options.Blobs.S3Region = parse.GetValue(S3Region) ?? options.Blobs.S3Region;
        options.Blobs.S3ForcePathStyle |= parse.GetValue(S3ForcePathStyle);
        options.Blobs.Downloads = parse.GetValue(BlobDownloads) ?? options.Blobs.Downloads;
    }

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
