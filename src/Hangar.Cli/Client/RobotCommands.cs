using System.CommandLine;
using System.Globalization;
using Hangar.Client;
using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Packages;
using Spectre.Console;

namespace Hangar.Cli.Client;

/// <summary><c>hangar robot init|push|list</c>: write a starting robot, upload a robot's folder as a new version, list robots.</summary>
internal static class RobotCommands
{
    private static readonly Argument<string> InitFolder = new("dir") { Description = "The folder to create the robot in (new or empty)." };
    private static readonly Argument<string> PushFolder = new("dir") { Description = "The robot's folder, with robot.yaml at its top." };

    private static readonly Option<string?> Name = new("--name")
    {
        Description = "The robot's name in the workspace: a new name creates the robot, an existing one gets a new version. Default: the folder's name.",
    };

    /// <summary>The files <c>robot init</c> writes: their names in the robot's folder, and the CLI's resources that hold them.</summary>
    private static readonly (string File, string Resource)[] TemplateFiles =
    [
        ("robot.yaml", "RobotTemplate/robot.yaml"),
        ("task.py", "RobotTemplate/task.py"),
        ("workitems.py", "RobotTemplate/workitems.py"),
        (".gitignore", "RobotTemplate/gitignore"),
    ];

    public static Command Create()
    {
        var robot = new Command("robot", "Robots (task packages): start one, push a folder as a new version, list them.");
        ClientOptions.AddTo(robot);

        var init = new Command("init", """
            Write a minimal working robot into a new or empty folder: robot.yaml, and a Python task that reads each input
            work item and writes an output item (standard library only).

            Examples:
              hangar robot init greeter
              hangar robot push greeter
            """)
        {
            InitFolder,
        };
        ClientCommand.SetActionWithoutSession(init, InitAsync);

        var push = new Command("push", """
            Zip a robot's folder as rcc does (leaving out what robot.yaml's ignoreFiles name), check it with the server's
            rules, and upload it: a new robot if the name is new, else the robot's next version.

            Examples:
              hangar robot push .
              hangar robot push ./invoices --name Invoices
              hangar robot push ./invoices --output json
            """)
        {
            PushFolder, Name,
        };
        ClientCommand.SetAction(push, PushAsync);

        var list = new Command("list", """
            The workspace's robots with their latest versions.

            Examples:
              hangar robot list
              hangar robot list --output json
            """);
        ClientCommand.SetAction(list, ListAsync);

        robot.Subcommands.Add(init);
        robot.Subcommands.Add(push);
        robot.Subcommands.Add(list);
        return robot;
    }

    private static async Task<int> InitAsync(CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var folder = Path.GetFullPath(parse.GetValue(InitFolder)!);
        if (File.Exists(folder))
        {
            throw new ClientUsageException($"{folder} is a file; give a new or empty folder.");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new ClientUsageException($"{folder} is not empty; give a new or empty folder, so that no file of yours is overwritten.");
        }

        Directory.CreateDirectory(folder);
        var assembly = typeof(RobotCommands).Assembly;
        foreach (var (file, resource) in TemplateFiles)
        {
            await using var content = assembly.GetManifestResourceStream(resource)
                                      ?? throw new InvalidOperationException($"The robot template lacks {resource}.");
            await using var target = new FileStream(Path.Combine(folder, file), FileMode.CreateNew, FileAccess.Write);
            await content.CopyToAsync(target, ct);
        }

        var files = TemplateFiles.Select(f => f.File).ToList();
        if (output.IsJson)
        {
            output.WriteJson(new { folder, files });
        }
        else
        {
            output.WriteLine($"Wrote a robot to {folder}: {string.Join(", ", files)}.");
            output.WriteLine($"Its task 'Main' turns each input item such as {{\"name\": \"Ada\"}} into an output {{\"greeting\": \"Hello, Ada!\"}}.");
            output.WriteLine($"Upload it with: hangar robot push {Quoted(parse.GetValue(InitFolder)!)}");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> PushAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var folder = Path.GetFullPath(parse.GetValue(PushFolder)!);
        if (!Directory.Exists(folder))
        {
            throw new ClientUsageException($"{folder} is not a folder.");
        }

        var name = parse.GetValue(Name) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        await using var zip = new FileStream(Path.Combine(Path.GetTempPath(), $"hangar-push-{Guid.NewGuid():N}.zip"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        IReadOnlyList<string> entries;
        try
        {
            entries = await RobotFolderZip.WriteAsync(folder, zip, ct);
            zip.Position = 0;
            // The server's own checks, so that a zip it would refuse is refused here, with the same code and message.
            await RobotPackageValidator.ValidateAsync(zip, new PackageLimits(), ct);
        }
        catch (HangarException e)
        {
            throw new ClientFailureException(e.Code, e.Message);
        }

        var client = session.Client;
        var (package, created) = await FindOrCreateAsync(client, session.WorkspaceId, name, ct);
        zip.Position = 0;
        var version = await UploadAsync(output, client, session.WorkspaceId, package.Id, zip, ct);
        var pushed = package with { LatestVersion = version, UpdatedAt = version.UploadedAt };
        if (output.IsJson)
        {
            output.WriteJson(pushed);
        }
        else
        {
            output.WriteLine($"{(created ? "Created robot" : "Pushed robot")} '{pushed.Name}' ({pushed.Id}): version {version.Number}, "
                             + $"{entries.Count} file(s), {version.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes, sha256 {version.Sha256}.");
            output.WriteLine($"Tasks: {string.Join(", ", version.Tasks)}");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var robots = await session.Client.ListTaskPackagesAsync(session.WorkspaceId, ct).ToListAsync(ct);
        output.WriteTable(robots, robots,
            ("ID", r => r.Id),
            ("NAME", r => r.Name),
            ("VERSION", r => r.LatestVersion?.Number.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("TASKS", r => r.LatestVersion is { } v ? string.Join(", ", v.Tasks) : ""),
            ("UPDATED", r => r.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)));
        return ClientExitCodes.Ok;
    }

    /// <summary>The robot of that name (names are unique in a workspace), created when there is none.</summary>
    private static async Task<(TaskPackageResponse Package, bool Created)> FindOrCreateAsync(HangarClient client, string workspaceId, string name,
        CancellationToken ct)
    {
        if (await FindAsync(client, workspaceId, name, ct) is { } existing)
        {
            return (existing, false);
        }

        try
        {
            return (await client.CreateTaskPackageAsync(workspaceId, name, ct), true);
        }
        catch (HangarApiException e) when (e.Code == "name_taken")
        {
            // Created by someone else since the list: push to it, as if it had been there.
            if (await FindAsync(client, workspaceId, name, ct) is { } raced)
            {
                return (raced, false);
            }

            throw;
        }
    }

    private static async Task<TaskPackageResponse?> FindAsync(HangarClient client, string workspaceId, string name, CancellationToken ct)
    {
        await foreach (var package in client.ListTaskPackagesAsync(workspaceId, ct))
        {
            if (package.Name == name)
            {
                return package;
            }
        }

        return null;
    }

    /// <summary>Uploads the zip, with a progress bar when a person watches (a terminal, and not --output json).</summary>
    private static async Task<TaskPackageVersionResponse> UploadAsync(CommandOutput output, HangarClient client, string workspaceId, string packageId,
        Stream zip, CancellationToken ct)
    {
        if (!output.IsTerminal || output.IsJson)
        {
            return await client.UploadTaskPackageAsync(workspaceId, packageId, zip, null, ct);
        }

        TaskPackageVersionResponse? version = null;
        await output.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Uploading", maxValue: Math.Max(zip.Length, 1));
                version = await client.UploadTaskPackageAsync(workspaceId, packageId, zip, new ProgressReporter<long>(sent => task.Value = sent), ct);
                task.Value = task.MaxValue;
            });
        return version!;
    }

    private static string Quoted(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? $"'{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" : path;
}
