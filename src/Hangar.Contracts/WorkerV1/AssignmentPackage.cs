namespace Hangar.Contracts.WorkerV1;

/// <summary>The robot zip to run: workers cache it by <c>sha256</c> and fetch it from the signed <c>download_url</c>.</summary>
public sealed record AssignmentPackage(string VersionId, string Sha256, long Size, string DownloadUrl);
