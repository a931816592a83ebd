namespace Hangar.Contracts.V1;

public sealed record CreateTaskPackageRequest(string? Name);

/// <summary>A task package (robot) with its latest uploaded version, or null before the first upload.</summary>
public sealed record TaskPackageResponse(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TaskPackageVersionResponse? LatestVersion);

/// <summary>One uploaded zip: its number in the package, SHA-256 (lower-case hex), size in bytes and the tasks of its robot.yaml.</summary>
public sealed record TaskPackageVersionResponse(
    string Id,
    int Number,
    string Sha256,
    long Size,
    IReadOnlyList<string> Tasks,
    string RobotRoot,
    DateTimeOffset UploadedAt,
    ActorResponse UploadedBy);

/// <summary>An S3-style presigned POST: send the <see cref="FormData"/> fields, then the zip as the part named <c>file</c>, to <see cref="Url"/>.</summary>
public sealed record UploadLinkResponse(string Url, IReadOnlyDictionary<string, string> FormData, DateTimeOffset ExpiresAt);

/// <summary>A presigned GET: fetch <see cref="Url"/> with no credentials.</summary>
public sealed record DownloadLinkResponse(string Url, DateTimeOffset ExpiresAt);
