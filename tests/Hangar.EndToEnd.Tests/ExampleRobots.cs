using System.IO.Compression;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>The robots shipped in the repository's <c>examples/</c> folder, zipped as a user zips them.</summary>
internal static class ExampleRobots
{
    /// <summary>The repository's root: the folder above the tests that holds Hangar.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The example's files, each at the top of the zip (robot.yaml first-level), as <c>python3 -m zipfile -c</c> makes it.</summary>
    public static byte[] Zip(string example)
    {
        var folder = Path.Combine(RepositoryRoot, "examples", example);
        Assert.True(File.Exists(Path.Combine(folder, "robot.yaml")), $"{folder} has no robot.yaml");
        return RobotZips.Build(zip =>
        {
            // Python leaves __pycache__ beside a script run locally; a user would not ship it.
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("__pycache__", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                zip.CreateEntryFromFile(file, Path.GetRelativePath(folder, file).Replace('\\', '/'), CompressionLevel.Fastest);
            }
        });
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hangar.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Hangar.slnx above {AppContext.BaseDirectory}");
    }
}
