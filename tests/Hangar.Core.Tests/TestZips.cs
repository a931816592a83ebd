using System.IO.Compression;
using System.Text;

namespace Hangar.Core.Tests;

/// <summary>Zips built in memory for the validator's tests.</summary>
internal static class TestZips
{
    public const string RobotYaml = """
        tasks:
          Run all tasks:
            shell: python -m robot --report NONE tasks.robot
          Produce data:
            robotTaskName: Produce data
          Consume:
            command:
              - python
              - consume.py
        condaConfigFile: conda.yaml
        artifactsDir: output
        """;

    public static MemoryStream Build(params (string Name, string Content)[] entries) =>
        Build(zip =>
        {
            foreach (var (name, content) in entries)
            {
                Add(zip, name, content);
            }
        });

    public static MemoryStream Build(Action<ZipArchive> fill)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>A robot whose robot.yaml is <paramref name="robotYaml"/>, at the zip's root.</summary>
    public static MemoryStream WithRobotYaml(string robotYaml) => Build(("robot.yaml", robotYaml), ("tasks.robot", "*** Tasks ***"));

    public static ZipArchiveEntry Add(ZipArchive zip, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        writer.Write(content);
        return entry;
    }

    public static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(content);
    }
}
