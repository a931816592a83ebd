namespace Hangar.Core.Services;

/// <summary>What an audit event is about.</summary>
public sealed record AuditTarget(string Type, string? Id, string? Name, string? WorkspaceId = null, string? OrganizationId = null);
