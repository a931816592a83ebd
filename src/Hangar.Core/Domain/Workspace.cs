namespace Hangar.Core.Domain;

/// <summary>Every robot, process, run, key and secret belongs to exactly one workspace.</summary>
public sealed class Workspace
{
    public required string Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Finished runs whose end is older than this many days are deleted; null keeps them forever.</summary>
    public int? RunRetentionDays { get; set; } = Retention.RetentionLimits.DefaultRunRetentionDays;

    public Organization? Organization { get; init; }
}
