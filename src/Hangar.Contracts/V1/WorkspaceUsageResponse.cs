namespace Hangar.Contracts.V1;

/// <summary>
/// What a workspace stores (a Hangar addition): rows of its runs, and its files by kind with <c>blob_bytes</c> their
/// total, from the sizes recorded when the files were stored.
/// </summary>
public sealed record WorkspaceUsageResponse(
    long ProcessRuns,
    long StepRuns,
    long WorkItems,
    StoredFilesResponse Artifacts,
    StoredFilesResponse WorkItemFiles,
    StoredFilesResponse Assets,
    StoredFilesResponse TaskPackages,
    long BlobBytes);
