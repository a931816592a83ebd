using System.CommandLine;
using System.Diagnostics;
using Hangar.Core.Storage;
using Hangar.Storage.Blobs;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar admin migrate-blobs --to s3://bucket/prefix</c>: copies an install's blobs from its folder into S3 and
/// verifies each copy, so that the install can move to S3 (or a cluster) without losing a file. Safe to run again:
/// verified copies are skipped. Needs no database and does not change the source.
/// </summary>
internal static class MigrateBlobsCommand
{
    private static readonly Option<string> To = new("--to")
    {
        Description = "Where to copy the blobs: s3://bucket/prefix (with --s3-endpoint, --s3-region, --s3-force-path-style or their HANGAR_S3_* variables as for serve).",
        Required = true,
    };

    private static readonly Option<string?> From = new("--from")
    {
        Description = "The folder to copy from. Default: the install's blob folder (--blobs when it is a folder, else the data directory's blobs).",
    };

    /// <summary>How often progress is printed at most.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var command = new Command("migrate-blobs",
            "Copy every blob (packages, artifacts, work item files, assets) from the install's folder to S3 and verify each copy (size and SHA-256). "
            + "Run it again to copy what was written meanwhile; verified copies are skipped. Exits non-zero if any blob failed.")
        {
            To, From, CliOptions.DataDir, CliOptions.S3Endpoint, CliOptions.S3Region, CliOptions.S3ForcePathStyle,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var options = CliOptions.Load(parse);
        var configured = options.Blobs.Location;
        CliOptions.ApplyBlobFlags(parse, options);
        var to = parse.GetValue(To)!;
        var from = parse.GetValue(From) ?? (S3BlobLocation.IsS3(configured) || string.IsNullOrWhiteSpace(configured) ? options.DefaultBlobFolder : configured);
        if (!S3BlobLocation.IsS3(to))
        {
            await Console.Error.WriteLineAsync($"hangar: --to: '{to}' is not an s3://bucket/prefix location.");
            return ExitCodes.BadConfiguration;
        }

        options.Blobs.Location = to;
        options.Blobs.Downloads = BlobStoreSettings.HangarDownloads;
        var problems = options.Blobs.Problems().ToList();
        if (!Directory.Exists(from))
        {
            problems.Add($"--from: there is no folder '{Path.GetFullPath(from)}'.");
        }

        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"hangar: {problem.Replace("--blobs", "--to", StringComparison.Ordinal)}");
        }

        if (problems.Count > 0)
        {
            return ExitCodes.BadConfiguration;
        }

        var source = new FileSystemBlobStore(from);
        S3BlobStore store;
        try
        {
            store = new S3BlobStore(options.Blobs.S3());
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }

        using var target = store;
        Console.WriteLine($"Copying the blobs of {Path.GetFullPath(from)} to {target.Location}{(options.Blobs.S3Endpoint is { Length: > 0 } e ? $" at {e}" : string.Empty)}.");
        var clock = Stopwatch.StartNew();
        var printed = TimeSpan.Zero;
        var summary = await new BlobMigration(source, target).RunAsync(
            progress =>
            {
                if (clock.Elapsed - printed >= ProgressEvery)
                {
                    printed = clock.Elapsed;
                    Console.WriteLine($"  {progress.Checked} blobs: {progress.Copied} copied ({Megabytes(progress.CopiedBytes)}), "
                                      + $"{progress.AlreadyThere} already there, {progress.Failed} failed");
                }
            },
            (key, reason) => Console.Error.WriteLine($"hangar: {key}: {reason}"),
            ct);
        Console.WriteLine($"Checked {summary.Checked} blobs in {clock.Elapsed.TotalSeconds:0.0} s: {summary.Copied} copied and verified "
                          + $"({Megabytes(summary.CopiedBytes)}), {summary.AlreadyThere} already there and verified, "
                          + $"{summary.Gone} deleted from the source meanwhile, {summary.Failed} failed.");
        if (summary.Failed > 0)
        {
            await Console.Error.WriteLineAsync($"hangar: {summary.Failed} blobs were not copied; run the command again to retry them.");
            return ExitCodes.Failed;
        }

        return ExitCodes.Ok;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
}
