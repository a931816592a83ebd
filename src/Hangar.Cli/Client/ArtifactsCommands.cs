using System.CommandLine;
using System.Globalization;
using Hangar.Client;
using Hangar.Contracts.V1;
using Spectre.Console;

namespace Hangar.Cli.Client;

/// <summary><c>hangar artifacts list|download RUN</c>: the files a run's robots left in their artifacts folders.</summary>
internal static class ArtifactsCommands
{
    /// <summary>How many files download at once: enough to hide latency, few enough to be kind to the server.</summary>
    private const int ParallelDownloads = 4;

    private static readonly Argument<string> Run = new("run") { Description = "The run's id." };

    private static readonly Option<string> Directory = new("--dir", "-d")
    {
        Description = "Where to write the files. Default: the current folder. A run of several step runs gets a folder per step run.",
        DefaultValueFactory = _ => ".",
    };

    public static Command Create()
    {
        var artifacts = new Command("artifacts", "The files a run's robots left in their artifacts folders.");
        ClientOptions.AddTo(artifacts);
        var list = new Command("list", """
            The run's artifacts, per step run.

            Example:
              hangar artifacts list 0192f4c1-…
            """)
        {
            Run,
        };
        ClientCommand.SetAction(list, ListAsync);
        var download = new Command("download", """
            Download the run's artifacts, several at a time, with progress on a terminal. File names are made safe: nothing
            is written outside the folder.

            Example:
              hangar artifacts download 0192f4c1-… --dir results
            """)
        {
            Run, Directory,
        };
        ClientCommand.SetAction(download, DownloadAsync);
        artifacts.Subcommands.Add(list);
        artifacts.Subcommands.Add(download);
        return artifacts;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var files = await CollectAsync(session, parse.GetValue(Run)!, ct);
        output.WriteTable(files, files.Select(f => new RunArtifact(f.StepRun.Id, f.StepRun.Number, f.Artifact.Id, f.Artifact.Name, f.Artifact.Size)).ToList(),
            ("STEP RUN", f => f.StepRun.Id), ("#", f => f.StepRun.Number.ToString(CultureInfo.InvariantCulture)), ("ARTIFACT", f => f.Artifact.Id),
            ("NAME", f => f.Artifact.Name), ("SIZE", f => f.Artifact.Size.ToString(CultureInfo.InvariantCulture)));
        return ClientExitCodes.Ok;
    }

    private static async Task<int> DownloadAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var files = await CollectAsync(session, parse.GetValue(Run)!, ct);
        var root = Path.GetFullPath(parse.GetValue(Directory)!);
        var several = files.Select(f => f.StepRun.Id).Distinct(StringComparer.Ordinal).Count() > 1;
        var planned = new List<(StepRunArtifact File, string Target)>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = SafeNames.RelativePath(file.Artifact.Name, file.Artifact.Id);
            if (several)
            {
                relative = Path.Combine($"step-run-{file.StepRun.Number}", relative);
            }

            var target = SafeNames.Inside(root, relative);
            planned.Add((file, taken.Add(target) ? target : SafeNames.Inside(root, $"{relative}.{file.Artifact.Id}")));
        }

        if (output.IsTerminal && !output.IsJson && planned.Count > 0)
        {
            await output.Console.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var tasks = planned.ToDictionary(p => p.Target, p => progress.AddTask(Markup.Escape(Path.GetRelativePath(root, p.Target)), maxValue: Math.Max(1, p.File.Artifact.Size)));
                await DownloadAllAsync(session.Client, session.WorkspaceId, planned, (target, bytes) => tasks[target].Value = bytes, ct);
            });
        }
        else
        {
            await DownloadAllAsync(session.Client, session.WorkspaceId, planned, null, ct);
        }

        var written = planned.Select(p => new DownloadedArtifact(p.File.StepRun.Id, p.File.Artifact.Id, p.File.Artifact.Name, p.File.Artifact.Size, p.Target)).ToList();
        if (output.IsJson)
        {
            output.WriteJson(written);
        }
        else
        {
            foreach (var file in written.Where(_ => !output.IsTerminal))
            {
                output.WriteLine(file.Path);
            }

            output.WriteLine($"Downloaded {written.Count} file(s) to {root}.");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task DownloadAllAsync(HangarClient client, string workspaceId, List<(StepRunArtifact File, string Target)> planned,
        Action<string, long>? progress, CancellationToken ct)
    {
        await Parallel.ForEachAsync(planned, new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = ct }, async (item, token) =>
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(item.Target)!);

            // Written beside the target and moved into place, so a failed download never leaves a truncated file under the real name.
            var partial = item.Target + ".part";
            try
            {
                await using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    await client.DownloadArtifactAsync(workspaceId, item.File.StepRun.Id, item.File.Artifact.Id, stream,
                        progress is null ? null : new SynchronousProgress(bytes => progress(item.Target, bytes)), token);
                }

                File.Move(partial, item.Target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
        });
    }

    private static async Task<List<StepRunArtifact>> CollectAsync(ClientSession session, string runId, CancellationToken ct)
    {
        var (client, ws) = (session.Client, session.WorkspaceId);
        var run = await client.GetRunAsync(ws, runId, ct);
        var files = new List<StepRunArtifact>();
        await foreach (var stepRun in client.ListStepRunsAsync(ws, run.Id, ct))
        {
            await foreach (var artifact in client.ListArtifactsAsync(ws, stepRun.Id, ct))
            {
                files.Add(new StepRunArtifact(stepRun, artifact));
            }
        }

        return files;
    }

    private sealed record StepRunArtifact(StepRunResponse StepRun, ArtifactResponse Artifact);

    /// <summary>Reports on the downloading thread (Progress&lt;T&gt; would post to a thread pool and report out of order).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
