using System.CommandLine;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar admin restore --from FILE --data-dir DIR</c>: unpacks a <c>hangar admin backup</c> archive into a new or
/// empty data directory. It never overwrites: an install that is there stays as it was.
/// </summary>
internal static class RestoreCommand
{
    private static readonly Option<string> From = new("--from") { Description = "The archive 'hangar admin backup' wrote.", Required = true };

    private static readonly Option<string> Into = new("--data-dir")
    {
        Description = "The data directory to restore into; it must not exist or be empty.",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("restore", "Restore a 'hangar admin backup' archive into a new, empty data directory (never over an existing install).")
        {
            From, Into,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var from = Path.GetFullPath(parse.GetValue(From)!);
        var dir = Path.GetFullPath(parse.GetValue(Into)!);
        if (!File.Exists(from))
        {
            await Console.Error.WriteLineAsync($"hangar: there is no archive {from}.");
            return ExitCodes.BadConfiguration;
        }

        if (File.Exists(dir) || (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any()))
        {
            await Console.Error.WriteLineAsync($"hangar: {dir} is not empty; restore refuses to overwrite an install. Give a new or empty directory.");
            return ExitCodes.Failed;
        }

        // Unpacked beside the target first and moved into place whole: a failed restore leaves no half install.
        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        var work = Path.Combine(parent, $".{Path.GetFileName(dir)}.restore-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            await InstallArchive.ExtractAsync(from, work, ct);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir);
            }

            Directory.Move(work, dir);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            await Console.Error.WriteLineAsync($"hangar: cannot restore {from}: {ex.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        var serve = HangarInvocation.Hint($"hangar serve --data-dir {dir}");
        Console.WriteLine($"Restored {from} into {dir}. Start it with: {serve}");
        return ExitCodes.Ok;
    }
}
