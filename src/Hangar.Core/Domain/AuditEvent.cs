namespace Hangar.Core.Domain;

/// <summary>Who did what to which object, when and from where. Never holds a secret value.</summary>
public sealed class AuditEvent
{
    public required string Id { get; init; }
    public string? OrganizationId { get; init; }
    public string? WorkspaceId { get; init; }
    public required string ActorType { get; init; }
    public string? ActorId { get; init; }
    public string? ActorName { get; init; }
    public required string Action { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string? TargetName { get; init; }
    public string? ClientAddress { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
