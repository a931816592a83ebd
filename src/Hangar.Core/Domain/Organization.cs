namespace Hangar.Core.Domain;

/// <summary>The top of the tenancy tree: an organization owns workspaces.</summary>
public sealed class Organization
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
