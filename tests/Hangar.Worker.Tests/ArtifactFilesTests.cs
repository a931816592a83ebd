using System.Diagnostics;
using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

/// <summary>The worker reads a robot's artifacts folder after the robot: what the robot planted there must not make it read anything else.</summary>
public sealed class ArtifactFilesTests : IDisposable
{
    private readonly string _root = TempDirectory.Create("hangar-artifacts");

    public void Dispose() => TempDirectory.TryDelete(_root);

    [Fact]
    public void List_SkipsLinks_AndDoesNotWalkIntoLinkedFolders()
    {
        var (artifacts, secret) = Layout();
        File.WriteAllText(Path.Combine(artifacts, "report.txt"), "ok");
        Directory.CreateDirectory(Path.Combine(artifacts, "sub"));
        File.WriteAllText(Path.Combine(artifacts, "sub", "log.txt"), "ok");
        File.CreateSymbolicLink(Path.Combine(artifacts, "stolen.txt"), Path.Combine(secret, "master.key"));
        Directory.CreateSymbolicLink(Path.Combine(artifacts, "data"), secret);

        var names = new ArtifactFiles(artifacts).List().Select(f => f.Name).Order().ToList();

        Assert.Equal(["report.txt", "sub/log.txt"], names);
    }

    [Fact]
    public void Open_RefusesAFileThatIsALink_OrLiesOutsideTheFolderBehindALinkedFolder()
    {
        var (artifacts, secret) = Layout();
        var link = Path.Combine(artifacts, "stolen.txt");
        File.CreateSymbolicLink(link, Path.Combine(secret, "master.key"));
        Directory.CreateSymbolicLink(Path.Combine(artifacts, "data"), secret);
        var files = new ArtifactFiles(artifacts);

        Assert.Null(files.Open(link));
        // As if the robot swapped a folder for a link after the worker listed it.
        Assert.Null(files.Open(Path.Combine(artifacts, "data", "master.key")));
    }

    [Fact]
    public void List_IsEmpty_WhenTheArtifactsFolderItselfIsALink()
    {
        var (artifacts, secret) = Layout();
        Directory.Delete(artifacts);
        Directory.CreateSymbolicLink(artifacts, secret);

        Assert.Empty(new ArtifactFiles(artifacts).List());
    }

    [Fact]
    public async Task Open_ReadsARegularFile_AndDoesNotBlockOnAFifo()
    {
        var (artifacts, _) = Layout();
        File.WriteAllText(Path.Combine(artifacts, "report.txt"), "processed 3");
        var fifo = Path.Combine(artifacts, "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var files = new ArtifactFiles(artifacts);
        await using (var report = files.Open(Path.Combine(artifacts, "report.txt")))
        {
            Assert.NotNull(report);
            Assert.Equal("processed 3", await new StreamReader(report).ReadToEndAsync());
        }

        // Nobody writes to the FIFO: a blocking open would hang the worker's slot for good.
        var open = Task.Run(() => files.Open(fifo));
        Assert.Same(open, await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.Null(await open);
    }

    private (string Artifacts, string Secret) Layout()
    {
        var artifacts = Path.Combine(_root, "robot", "output");
        var secret = Path.Combine(_root, "secret");
        Directory.CreateDirectory(artifacts);
        Directory.CreateDirectory(secret);
        File.WriteAllText(Path.Combine(secret, "master.key"), "do-not-upload");
        return (artifacts, secret);
    }
}
