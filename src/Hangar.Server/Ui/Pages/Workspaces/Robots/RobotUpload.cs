using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.Robots;

/// <summary>
/// A robot zip posted from a page goes the way an upload URL's does: a grant for the package, then
/// <see cref="TaskPackageService.UploadAsync"/>, which checks the zip whole and stores it as the next version.
/// </summary>
public static class RobotUpload
{
    /// <summary>How long the page's one-time grant counts as "in use" (it is spent at once).</summary>
    private static readonly TimeSpan GrantLifetime = TimeSpan.FromMinutes(15);

    public static async Task<TaskPackageVersion> StoreAsync(TaskPackageService packages, TimeProvider time, Caller caller, string workspaceId,
        string packageId, IFormFile? zip, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(time);
        if (zip is null || zip.Length == 0)
        {
            throw HangarException.Invalid("missing_file", "Choose the robot's zip file (a zip with robot.yaml).");
        }

        var grant = await packages.GrantUploadAsync(caller, workspaceId, packageId, ct);
        await using var content = zip.OpenReadStream();
        return await packages.UploadAsync(grant, time.GetUtcNow() + GrantLifetime, content, caller.ClientAddress, ct);
    }
}
