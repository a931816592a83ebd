namespace Hangar.Core.Retention;

/// <summary>
/// What a workspace holds: rows of its runs and the bytes of its files. Counted from the database (indexed counts and
/// the sizes stored with each file's row), never by walking the blob store.
/// </summary>
public sealed record WorkspaceUsage(
    long ProcessRuns,
    long StepRuns,
    long WorkItems,
    StoredFiles Artifacts,
    StoredFiles WorkItemFiles,
    StoredFiles Assets,
    StoredFiles TaskPackageVersions)
{
    public long BlobBytes => Artifacts.Bytes + WorkItemFiles.Bytes + Assets.Bytes + TaskPackageVersions.Bytes;
}
