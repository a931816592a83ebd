using Hangar.Contracts.V1;
using Hangar.Core.Domain;

namespace Hangar.Server;

/// <summary>Domain objects to v1 wire objects.</summary>
public static class V1Mapping
{
    public static UserResponse ToResponse(this User user) =>
        new(user.Id, user.Username, user.DisplayName, user.IsDisabled, user.CreatedAt, user.IsInstanceAdmin);

    public static OrganizationResponse ToResponse(this Organization organization) =>
        new(organization.Id, organization.Name, organization.CreatedAt);

    public static WorkspaceResponse ToResponse(this Workspace workspace) =>
        new(workspace.Id, workspace.Name, new NamedRef(workspace.OrganizationId, workspace.Organization?.Name ?? string.Empty));

    public static string ToWire(this WorkspaceRole role) => role.ToString().ToLowerInvariant();

    public static string ToWire(this OrganizationRole role) => role.ToString().ToLowerInvariant();

    public static MemberResponse ToResponse(this WorkspaceMember member) =>
        new(new UserRef(member.UserId, member.User?.Username ?? string.Empty, member.User?.DisplayName), member.Role.ToWire(), member.CreatedAt);
}
