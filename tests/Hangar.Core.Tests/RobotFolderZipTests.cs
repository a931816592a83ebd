using System.IO.Compression;
using Hangar.Core.Errors;
using Hangar.Core.Packages;

namespace Hangar.Core.Tests;

/// <summary>A robot's folder zipped as rcc zips it, and accepted by the server's own checks.</summary>
public sealed class RobotFolderZipTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hangar-robot-zip-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Zip_HoldsTheFilesAtItsTop_WithoutWhatIsIgnored_AndPassesTheServersChecks()
    {
        Write("robot.yaml", "tasks:\n  Main:\n    shell: python3 main.py\nignoreFiles:\n  - .gitignore\n");
        Write(".gitignore", "*.tmp\ncache/\n");
        Write("main.py", "print(1)");
        Write("pkg/mod.py", "x = 1");
        Write("pkg/cache/blob", "ignored");
        Write("pkg/notes.tmp", "ignored");
        Write("output/log.html", "ignored");
        Write("tmp/hololib.zip", "ignored with its folder");
        Write("hololib.zip", "kept, even though *.zip were ignored");

        using var zip = new MemoryStream();
        var names = await RobotFolderZip.WriteAsync(_folder, zip, CancellationToken.None);

        Assert.Equal([".gitignore", "hololib.zip", "main.py", "pkg/mod.py", "robot.yaml"], names);
        zip.Position = 0;
        var info = await RobotPackageValidator.ValidateAsync(zip, new PackageLimits(), CancellationToken.None);
        Assert.Equal("", info.RobotRoot);
        Assert.Equal(["Main"], info.Tasks);
        zip.Position = 0;
        using var archive = new ZipArchive(zip);
        Assert.Equal(names, archive.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task Zip_OfAFolderWithoutRobotYaml_OrWithAMissingIgnoreFile_IsRefused()
    {
        Write("main.py", "print(1)");
        var noYaml = await Assert.ThrowsAsync<HangarException>(() => RobotFolderZip.WriteAsync(_folder, Stream.Null, CancellationToken.None));
        Write("robot.yaml", "tasks:\n  Main:\n    shell: python3 main.py\nignoreFiles: [.gitignore]\n");
        var noIgnoreFile = await Assert.ThrowsAsync<HangarException>(() => RobotFolderZip.WriteAsync(_folder, Stream.Null, CancellationToken.None));

        Assert.Equal("missing_robot_yaml", noYaml.Code);
        Assert.Equal("invalid_robot_yaml", noIgnoreFile.Code);
        Assert.Contains(".gitignore", noIgnoreFile.Message, StringComparison.Ordinal);
    }

    private void Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
