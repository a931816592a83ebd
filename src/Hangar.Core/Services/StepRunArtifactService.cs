using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Storage;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Files a worker uploads from a step run's artifacts folder, into the blob store.</summary>
public sealed class StepRunArtifactService(DispatchService dispatchService, IDispatchStore dispatch, IBlobStore blobs, TimeProvider time)
{
    public async Task<Artifact> UploadAsync(Caller worker, string stepRunId, string? name, Stream content, long? contentLength, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var validName = ValidName(name);
        var stepRun = await dispatchService.HeldAsync(worker, stepRunId, ct);
        if (contentLength > WorkerLimits.MaxArtifactBytes)
        {
            throw TooLarge();
        }

        var id = Ids.New();
        var key = BlobKeys.Checked($"ws/{stepRun.WorkspaceId}/artifacts/{stepRun.Id}/{id}");
        // A blob is written whole or not at all, so a refused (too large) upload leaves nothing behind.
        var info = await blobs.PutAsync(key, new BoundedReadStream(content, WorkerLimits.MaxArtifactBytes, TooLarge), ct);
        var artifact = new Artifact
        {
            Id = id, WorkspaceId = stepRun.WorkspaceId, StepRunId = stepRun.Id, Name = validName, Size = info.Size, Sha256 = info.Sha256, BlobKey = key,
            CreatedAt = time.GetUtcNow(),
        };
        if (await dispatch.AddArtifactAsync(artifact, ct) is { } replaced)
        {
            // The row is gone already; the blob is deleted after it, so no reader is ever pointed at a missing blob.
            await blobs.DeleteAsync(replaced, ct);
        }

        return artifact;
    }

    /// <summary>A relative path with '/' separators: no empty, '.' or '..' segments, no backslashes or control characters.</summary>
    public static string ValidName(string? name)
    {
        var refused = HangarException.Invalid("invalid_artifact_name",
            $"'name' must be a relative path of at most {WorkerLimits.MaxArtifactNameLength} characters, without '..', '.', empty segments, '\\' or control characters.");
        if (string.IsNullOrEmpty(name) || name.Length > WorkerLimits.MaxArtifactNameLength || name.Contains('\\', StringComparison.Ordinal)
            || name.Any(char.IsControl) || name.StartsWith('/'))
        {
            throw refused;
        }

        return name.Split('/').Any(segment => segment is "" or "." or "..") ? throw refused : name;
    }

    private static HangarException TooLarge() =>
        new(ErrorKind.PayloadTooLarge, "artifact_too_large", $"An artifact is at most {WorkerLimits.MaxArtifactBytes / (1024 * 1024)} MiB.");
}
