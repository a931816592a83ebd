using System.IO.Compression;
using System.Security.Cryptography;
using Hangar.Contracts.WorkerV1;
using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

/// <summary>The worker's package cache: one download and unpack per version, a fresh copy per step run, a bound, and no half-written entry used.</summary>
public sealed class PackageCacheTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("hangar-packages");
    private readonly Dictionary<string, byte[]> _served = new(StringComparer.Ordinal);
    private int _downloads;

    public void Dispose() => TempDirectory.TryDelete(_work);

    [Fact]
    public async Task TwoSlotsAskingForTheSameVersionAtOnce_GetItUnpackedOnce_AndEachItsOwnCopy()
    {
        var package = Serve(RobotZips.Valid("same"));
        using var cache = new PackageCache(_work, download: SlowDownloadAsync);

        var roots = await Task.WhenAll(
            Task.Run(() => cache.ExtractAsync(package, Target("a"), CancellationToken.None)),
            Task.Run(() => cache.ExtractAsync(package, Target("b"), CancellationToken.None)));

        Assert.Equal(1, _downloads);
        Assert.NotEqual(roots[0], roots[1]);
        Assert.All(roots, root => Assert.Contains("Log    same", File.ReadAllText(Path.Combine(root, "tasks.robot")), StringComparison.Ordinal));
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.Combine(_work, "packages")));
    }

    [Fact]
    public async Task ARobotChangingItsFiles_DoesNotChangeTheNextRunsCopy_AndModesAreKept()
    {
        var package = Serve(RobotZips.Build(zip =>
        {
            AddEntry(zip, "robot.yaml", "tasks:\n  Main:\n    shell: ./run.sh\n", 0x1A4); // 0644
            AddEntry(zip, "run.sh", "#!/bin/sh\necho original\n", 0x1ED); // 0755
        }));
        using var cache = new PackageCache(_work, download: DownloadAsync);

        var first = await cache.ExtractAsync(package, Target("first"), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(first, "run.sh"), "#!/bin/sh\necho changed\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(first, "run.sh"), UnixFileMode.UserRead);
        }

        File.Delete(Path.Combine(first, "robot.yaml"));
        var second = await cache.ExtractAsync(package, Target("second"), CancellationToken.None);

        Assert.Equal(1, _downloads);
        Assert.Equal("#!/bin/sh\necho original\n", await File.ReadAllTextAsync(Path.Combine(second, "run.sh")));
        Assert.True(File.Exists(Path.Combine(second, "robot.yaml")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(second, "run.sh")).HasFlag(UnixFileMode.UserExecute));
            Assert.False(File.GetUnixFileMode(Path.Combine(second, "robot.yaml")).HasFlag(UnixFileMode.UserExecute));
        }
    }

    [Fact]
    public async Task AnEntryAWorkerCrashLeftHalfWritten_IsNotUsed_AndTheVersionIsUnpackedAgain()
    {
        var package = Serve(RobotZips.Valid("whole"));
        var packages = Path.Combine(_work, "packages");
        // An entry without its marker (the crash came before it was written), an unfinished unpack and a download.
        var half = Path.Combine(packages, package.Sha256 + ".d", "files");
        Directory.CreateDirectory(half);
        await File.WriteAllTextAsync(Path.Combine(half, "tasks.robot"), "truncated");
        Directory.CreateDirectory(Path.Combine(packages, $"{package.Sha256}.{Guid.NewGuid():N}.part"));
        await File.WriteAllTextAsync(Path.Combine(packages, $"{package.Sha256}.{Guid.NewGuid():N}.part.zip"), "partial");
        using var cache = new PackageCache(_work, download: DownloadAsync);

        var root = await cache.ExtractAsync(package, Target("run"), CancellationToken.None);

        Assert.Equal(1, _downloads);
        Assert.Contains("Log    whole", await File.ReadAllTextAsync(Path.Combine(root, "tasks.robot")), StringComparison.Ordinal);
        Assert.Equal([package.Sha256 + ".d"], Directory.EnumerateFileSystemEntries(packages).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ACompleteEntryFromAnEarlierStart_IsUsedWithoutDownloadingAgain()
    {
        var package = Serve(RobotZips.Valid("kept", folder: "inner/"));
        using (var earlier = new PackageCache(_work, download: DownloadAsync))
        {
            await earlier.ExtractAsync(package, Target("earlier"), CancellationToken.None);
        }

        using var cache = new PackageCache(_work, download: (_, _, _) => throw new HttpRequestException("the server is away"));
        var root = await cache.ExtractAsync(package, Target("later"), CancellationToken.None);

        Assert.Equal(1, _downloads);
        Assert.Equal(Path.Combine(Target("later"), "inner"), root);
        Assert.True(File.Exists(Path.Combine(root, "robot.yaml")));
    }

    [Fact]
    public async Task MoreVersionsThanTheBound_RemoveTheLeastRecentlyUsed()
    {
        var one = Serve(RobotZips.Valid("one"));
        var two = Serve(RobotZips.Valid("two"));
        var three = Serve(RobotZips.Valid("three"));
        using var cache = new PackageCache(_work, maxVersions: 2, download: DownloadAsync);

        await cache.ExtractAsync(one, Target("1"), CancellationToken.None);
        await cache.ExtractAsync(two, Target("2"), CancellationToken.None);
        await cache.ExtractAsync(one, Target("1b"), CancellationToken.None);
        await cache.ExtractAsync(three, Target("3"), CancellationToken.None);

        var kept = Directory.EnumerateFileSystemEntries(Path.Combine(_work, "packages")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(new[] { one.Sha256 + ".d", three.Sha256 + ".d" }.Order(), kept);
        Assert.Equal(3, _downloads);
        await cache.ExtractAsync(two, Target("2b"), CancellationToken.None);
        Assert.Equal(4, _downloads);
    }

    [Fact]
    public async Task ADownloadNotMatchingItsHash_FailsTheRun_AndLeavesNothingBehind()
    {
        var package = Serve(RobotZips.Valid("real"));
        _served[package.DownloadUrl] = RobotZips.Valid("swapped");
        using var cache = new PackageCache(_work, download: DownloadAsync);

        var refused = await Assert.ThrowsAsync<RobotSetupException>(() => cache.ExtractAsync(package, Target("run"), CancellationToken.None));

        Assert.Equal("package_error", refused.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_work, "packages")));
    }

    private AssignmentPackage Serve(byte[] zip)
    {
        var url = $"http://packages.invalid/{Guid.NewGuid():N}";
        _served[url] = zip;
        return new AssignmentPackage(Guid.NewGuid().ToString("N"), Convert.ToHexStringLower(SHA256.HashData(zip)), zip.Length, url);
    }

    private string Target(string name) => Path.Combine(_work, "runs", name, "robot");

    private async Task DownloadAsync(string url, string file, CancellationToken ct)
    {
        Interlocked.Increment(ref _downloads);
        await File.WriteAllBytesAsync(file, _served[url], ct);
    }

    private async Task SlowDownloadAsync(string url, string file, CancellationToken ct)
    {
        // Long enough for the other slot to ask for the same version while this one is still making it.
        await Task.Delay(300, ct);
        await DownloadAsync(url, file, ct);
    }

    private static void AddEntry(ZipArchive zip, string name, string content, int mode)
    {
        var entry = zip.CreateEntry(name);
        entry.ExternalAttributes = mode << 16;
        using var writer = new StreamWriter(entry.Open());
        writer.Write(content);
    }
}
