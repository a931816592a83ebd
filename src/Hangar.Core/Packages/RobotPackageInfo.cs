namespace Hangar.Core.Packages;

/// <summary>What a valid robot zip declares.</summary>
/// <param name="RobotRoot">The folder inside the zip that holds <c>robot.yaml</c>: "" for the zip's root, else its only top folder.</param>
/// <param name="Tasks">Task names from <c>robot.yaml</c>, in file order.</param>
public sealed record RobotPackageInfo(string RobotRoot, IReadOnlyList<string> Tasks);
