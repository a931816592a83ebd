namespace Hangar.Core.Packages;

/// <summary>
/// Bounds on an uploaded robot zip. They keep a zip bomb (a small file that unpacks to gigabytes or to millions of
/// files) from reaching a worker's disk, and keep the server's own checks cheap.
/// </summary>
public sealed record PackageLimits
{
    public const long DefaultMaxPackageBytes = 100L * 1024 * 1024;

    /// <summary>The zip itself, as uploaded.</summary>
    public long MaxPackageBytes { get; init; } = DefaultMaxPackageBytes;

    public int MaxEntries { get; init; } = 10_000;

    /// <summary>All entries together, unpacked.</summary>
    public long MaxUncompressedBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Unpacked size over packed size of one entry; ordinary files stay far below, bombs far above.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this unpacked are not held to the ratio: a tiny file cannot hurt, however well it packs.</summary>
    public long RatioCheckMinBytes { get; init; } = 1024 * 1024;

    /// <summary>robot.yaml is a few lines; anything much bigger is not one.</summary>
    public int MaxRobotYamlBytes { get; init; } = 256 * 1024;
}
