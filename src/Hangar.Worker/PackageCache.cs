using System.IO.Compression;
using System.Security.Cryptography;
using Hangar.Contracts.WorkerV1;
using Hangar.Core.Errors;
using Hangar.Core.Packages;

namespace Hangar.Worker;

/// <summary>
/// Robot zips kept by SHA-256 in the work directory (downloaded once, checked against the hash), and unpacked per
/// step run with the server's own package rules (no absolute paths, no '..', no links), so a zip cannot write outside
/// the step run's folder.
/// </summary>
public sealed class PackageCache(string workDirectory) : IDisposable
{
    private readonly SemaphoreSlim _download = new(1, 1);

    /// <summary>Unpacks the package into <paramref name="target"/> and returns the robot's root folder (where robot.yaml is).</summary>
    public async Task<string> ExtractAsync(AssignmentPackage package, string target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(package);
        var zip = await EnsureAsync(package, ct);
        await using var stream = File.OpenRead(zip);
        RobotPackageInfo info;
        try
        {
            info = await RobotPackageValidator.ValidateAsync(stream, new PackageLimits { MaxPackageBytes = long.MaxValue }, ct);
        }
        catch (HangarException ex)
        {
            throw new RobotSetupException("package_error", $"The robot package is not usable: {ex.Message}");
        }

        stream.Position = 0;
        var root = Path.GetFullPath(target);
        Directory.CreateDirectory(root);
        await using var archive = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct);
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName.Replace('\\', '/');
            var destination = Path.GetFullPath(Path.Combine(root, name));
            if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new RobotSetupException("package_error", $"The zip entry '{name}' points outside the robot's folder.");
            }

            if (name.EndsWith('/'))
            {
                Directory.CreateDirectory(destination);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await entry.ExtractToFileAsync(destination, overwrite: false, ct);
            var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
            if (!OperatingSystem.IsWindows() && mode != UnixFileMode.None)
            {
                // Keep the executable bits zips made on Unix carry, so scripts in the robot can be run; never more than the owner's rights.
                File.SetUnixFileMode(destination, (mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) | UnixFileMode.UserRead);
            }
        }

        return info.RobotRoot.Length == 0 ? root : Path.Combine(root, info.RobotRoot);
    }

    public void Dispose() => _download.Dispose();

    private async Task<string> EnsureAsync(AssignmentPackage package, CancellationToken ct)
    {
        if (package.Sha256.Length != 64 || !package.Sha256.All(char.IsAsciiHexDigit))
        {
            throw new RobotSetupException("package_error", "The assignment's package hash is malformed.");
        }

        var folder = Path.Combine(workDirectory, "packages");
        var zip = Path.Combine(folder, package.Sha256.ToLowerInvariant() + ".zip");
        await _download.WaitAsync(ct);
        try
        {
            if (File.Exists(zip))
            {
                return zip;
            }

            Directory.CreateDirectory(folder);
            var temp = zip + $".{Guid.NewGuid():N}.part";
            try
            {
                await WorkerApi.DownloadAsync(package.DownloadUrl, temp, ct);
                await using (var read = File.OpenRead(temp))
                {
                    var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, ct));
                    if (!string.Equals(hash, package.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new RobotSetupException("package_error", "The downloaded package does not match its SHA-256.");
                    }
                }

                File.Move(temp, zip, overwrite: true);
                return zip;
            }
            finally
            {
                File.Delete(temp);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new RobotSetupException("package_error", $"The package could not be downloaded: {ex.Message}");
        }
        finally
        {
            _download.Release();
        }
    }
}
