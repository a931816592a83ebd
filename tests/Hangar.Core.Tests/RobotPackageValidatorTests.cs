using System.IO.Compression;
using Hangar.Core.Errors;
using Hangar.Core.Packages;

namespace Hangar.Core.Tests;

public class RobotPackageValidatorTests
{
    private static readonly PackageLimits Limits = new();

    [Fact]
    public async Task AZipWithRobotYamlAtItsRoot_IsValid_AndItsTasksAreReadInFileOrder()
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), ("tasks.robot", "*** Tasks ***"), ("lib/", ""), ("lib/helper.py", "x = 1"));
        var info = await RobotPackageValidator.ValidateAsync(zip, Limits, CancellationToken.None);
        Assert.Equal(string.Empty, info.RobotRoot);
        Assert.Equal(["Run all tasks", "Produce data", "Consume"], info.Tasks);
    }

    [Fact]
    public async Task AZipWithOneTopFolder_IsValid_WithThatFolderAsTheRobotRoot()
    {
        using var zip = TestZips.Build(("my-robot/", ""), ("my-robot/robot.yaml", TestZips.RobotYaml), ("my-robot/tasks.robot", "*** Tasks ***"));
        var info = await RobotPackageValidator.ValidateAsync(zip, Limits, CancellationToken.None);
        Assert.Equal("my-robot", info.RobotRoot);
        Assert.Equal(3, info.Tasks.Count);
    }

    [Fact]
    public async Task MacOsMetadataBesideTheTopFolder_DoesNotCountAsASecondFolder()
    {
        using var zip = TestZips.Build(("robot/robot.yaml", TestZips.RobotYaml), ("__MACOSX/robot/._robot.yaml", "meta"));
        Assert.Equal("robot", (await RobotPackageValidator.ValidateAsync(zip, Limits, CancellationToken.None)).RobotRoot);
    }

    [Fact]
    public async Task BackslashSeparators_AreReadAsFolders()
    {
        using var zip = TestZips.Build(("robot\\robot.yaml", TestZips.RobotYaml), ("robot\\tasks.robot", "*** Tasks ***"));
        Assert.Equal("robot", (await RobotPackageValidator.ValidateAsync(zip, Limits, CancellationToken.None)).RobotRoot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this is not a zip at all")]
    [InlineData("PK\u0003\u0004 and then garbage")]
    public async Task NotAZip_IsRefused(string content)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        await AssertRefusedAsync(stream, "invalid_zip");
    }

    [Fact]
    public async Task ATruncatedZip_IsRefused()
    {
        using var good = TestZips.WithRobotYaml(TestZips.RobotYaml);
        using var truncated = new MemoryStream(good.ToArray()[..(int)(good.Length / 2)]);
        await AssertRefusedAsync(truncated, "invalid_zip");
    }

    [Theory]
    [InlineData("docs/readme.md")]
    [InlineData("deep/er/robot.yaml")]
    public async Task NoRobotYamlWhereItBelongs_IsRefused(string otherEntry)
    {
        using var zip = TestZips.Build(("a/robot.yaml", TestZips.RobotYaml), (otherEntry, "x"));
        var error = await AssertRefusedAsync(zip, "missing_robot_yaml");
        Assert.Contains("robot.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARobotYamlInATopFolderBesideRootFiles_IsRefused()
    {
        using var zip = TestZips.Build(("robot/robot.yaml", TestZips.RobotYaml), ("stray.txt", "x"));
        await AssertRefusedAsync(zip, "missing_robot_yaml");
    }

    [Fact]
    public async Task AZipWithoutAnyRobotYaml_IsRefused()
    {
        using var zip = TestZips.Build(("tasks.robot", "*** Tasks ***"));
        await AssertRefusedAsync(zip, "missing_robot_yaml");
    }

    [Theory]
    [InlineData("../evil.sh")]
    [InlineData("robot/../../evil.sh")]
    [InlineData("..\\evil.bat")]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("\\windows\\evil.dll")]
    [InlineData("C:/Windows/evil.dll")]
    [InlineData("a//b.txt")]
    [InlineData("./robot.yaml")]
    [InlineData("bad\u0001name")]
    public async Task EntriesThatCouldEscapeTheFolder_AreRefused(string name)
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), (name, "x"));
        await AssertRefusedAsync(zip, "unsafe_zip_entry");
    }

    [Fact]
    public async Task SymbolicLinks_AreRefused()
    {
        using var zip = TestZips.Build(z =>
        {
            TestZips.Add(z, "robot.yaml", TestZips.RobotYaml);
            var link = TestZips.Add(z, "link", "/etc/passwd");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
        });
        await AssertRefusedAsync(zip, "unsafe_zip_entry");
    }

    [Fact]
    public async Task TheSameNameTwice_IsRefused()
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), ("a.txt", "1"), ("a.txt", "2"));
        await AssertRefusedAsync(zip, "unsafe_zip_entry");
    }

    [Theory]
    [InlineData("tasks.py", "Tasks.py")]
    [InlineData("lib/util.py", "LIB/util.py")]
    [InlineData("lib/util.py", "lib/Util.py")]
    [InlineData("Data", "data/input.csv")]
    [InlineData("data/", "Data/")]
    [InlineData("ROBOT.YAML", "robot.yaml")]
    public async Task NamesThatDifferOnlyInCase_AreRefused(string first, string second)
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), (first, "1"), (second, "2"));
        var error = await AssertRefusedAsync(zip, "zip_entry_case_conflict");
        Assert.Contains("differ only in case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileAndAFolderOfOneName_AreRefused()
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), ("data", "1"), ("data/input.csv", "2"));
        await AssertRefusedAsync(zip, "unsafe_zip_entry");
    }

    [Fact]
    public async Task FoldersNamedOnceAndFilesInThem_AreAccepted()
    {
        using var zip = TestZips.Build(("robot/", ""), ("robot/robot.yaml", TestZips.RobotYaml), ("robot/lib/", ""), ("robot/lib/a.py", "1"),
            ("robot/lib/b.py", "2"), ("robot/Lib2/a.py", "3"));
        Assert.Equal("robot", (await RobotPackageValidator.ValidateAsync(zip, Limits, CancellationToken.None)).RobotRoot);
    }

    [Fact]
    public async Task AZipLargerThanTheLimit_IsRefused()
    {
        using var zip = TestZips.WithRobotYaml(TestZips.RobotYaml);
        await AssertRefusedAsync(zip, "zip_too_large", Limits with { MaxPackageBytes = 100 });
    }

    [Fact]
    public async Task TooManyEntries_AreRefused()
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), ("a", "1"), ("b", "2"), ("c", "3"));
        await AssertRefusedAsync(zip, "zip_too_large", Limits with { MaxEntries = 3 });
    }

    [Fact]
    public async Task MoreUnpackedBytesThanTheLimit_AreRefused()
    {
        using var zip = TestZips.Build(("robot.yaml", TestZips.RobotYaml), ("data.txt", new string('x', 5000)));
        await AssertRefusedAsync(zip, "zip_too_large", Limits with { MaxUncompressedBytes = 4000 });
    }

    [Fact]
    public async Task AnEntryPackedBeyondTheRatio_IsRefusedAsABomb()
    {
        using var zip = TestZips.Build(z =>
        {
            TestZips.Add(z, "robot.yaml", TestZips.RobotYaml);
            TestZips.Add(z, "zeros.bin", new byte[4 * 1024 * 1024]);
        });
        var error = await AssertRefusedAsync(zip, "zip_too_large");
        Assert.Contains("zeros.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntryThatUnpacksBeyondItsDeclaredSize_IsRefused()
    {
        using var honest = TestZips.Build(z =>
        {
            TestZips.Add(z, "robot.yaml", TestZips.RobotYaml);
            TestZips.Add(z, "data.txt", string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i}\n")));
        });
        var bytes = honest.ToArray();
        var declared = ZipHeaders.SetUncompressedSize(bytes, "data.txt", 10);
        Assert.Equal(10, declared);
        using var lying = new MemoryStream(bytes);
        // Readers stop at the declared size, so the lie shows as a checksum mismatch.
        var error = await AssertRefusedAsync(lying, "invalid_zip");
        Assert.Contains("data.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARobotYamlLargerThanItsLimit_IsRefused()
    {
        using var zip = TestZips.WithRobotYaml(TestZips.RobotYaml + "\n# " + new string('x', 2000));
        await AssertRefusedAsync(zip, "invalid_robot_yaml", Limits with { MaxRobotYamlBytes = 1000 });
    }

    [Fact]
    public async Task TheValidatorReadsFromTheStreamsStart_AndLeavesItOpen()
    {
        using var zip = TestZips.WithRobotYaml(TestZips.RobotYaml);
        await RobotPackageValidator.ValidateAsync(zip, Limits, CancellationToken.None);
        zip.Position = 0;
        await using var again = await ZipArchive.CreateAsync(zip, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, CancellationToken.None);
        Assert.Equal(2, again.Entries.Count);
    }

    internal static async Task<HangarException> AssertRefusedAsync(Stream zip, string code, PackageLimits? limits = null)
    {
        var error = await Assert.ThrowsAsync<HangarException>(() => RobotPackageValidator.ValidateAsync(zip, limits ?? Limits, CancellationToken.None));
        Assert.Equal(code, error.Code);
        Assert.Equal(ErrorKind.BadRequest, error.Kind);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
