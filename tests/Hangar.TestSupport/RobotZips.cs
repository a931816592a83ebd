using System.IO.Compression;
using System.Text;

namespace Hangar.TestSupport;

/// <summary>Robot zips for tests that upload them: a valid robot with a few tasks, and variations.</summary>
public static class RobotZips
{
    public const string RobotYaml = """
        tasks:
          Run all tasks:
            shell: python -m robot --report NONE tasks.robot
          Produce data:
            robotTaskName: Produce data
        condaConfigFile: conda.yaml
        artifactsDir: output
        """;

    /// <summary>A valid robot; <paramref name="marker"/> goes into a file so that two uploads differ in bytes.</summary>
    public static byte[] Valid(string marker = "", string robotYaml = RobotYaml, string folder = "") =>
        Build(($"{folder}robot.yaml", robotYaml), ($"{folder}tasks.robot", "*** Tasks ***\nRun\n    Log    " + marker), ($"{folder}conda.yaml", "channels: []"));

    /// <summary>A valid robot padded with <paramref name="bytes"/> of incompressible data.</summary>
    public static byte[] WithPadding(int bytes)
    {
        var padding = new byte[bytes];
        new Random(bytes).NextBytes(padding);
        return Build(zip =>
        {
            Add(zip, "robot.yaml", RobotYaml);
            using var stream = zip.CreateEntry("padding.bin", CompressionLevel.NoCompression).Open();
            stream.Write(padding);
        });
    }

    public static byte[] Build(params (string Name, string Content)[] entries) =>
        Build(zip =>
        {
            foreach (var (name, content) in entries)
            {
                Add(zip, name, content);
            }
        });

    public static byte[] Build(Action<ZipArchive> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return stream.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
