namespace Hangar.Contracts.V1;

/// <summary>A task package (robot) with its latest uploaded version, or null before the first upload.</summary>
public sealed record TaskPackageResponse(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TaskPackageVersionResponse? LatestVersion);
