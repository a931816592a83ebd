namespace Hangar.Core.Domain;

/// <summary>Every robot, process, run, key and secret belongs to exactly one workspace.</summary>
public sealed class Workspace
{
    public required string Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public Organization? Organization { get; init; }
}
