namespace Hangar.Contracts.V1;

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
