using Hangar.Core.Domain;
using Hangar.Core.Errors;

namespace Hangar.Server;

/// <summary>Parses enum values sent as lower-case strings, with a clear refusal listing what is allowed.</summary>
public static class WireEnums
{
    public static WorkspaceRole WorkspaceRole(string? value) => value switch
    {
        "admin" => Core.Domain.WorkspaceRole.Admin,
        "developer" => Core.Domain.WorkspaceRole.Developer,
        "operator" => Core.Domain.WorkspaceRole.Operator,
        "viewer" => Core.Domain.WorkspaceRole.Viewer,
        _ => throw HangarException.Invalid("invalid_role", "'role' must be one of: admin, developer, operator, viewer."),
    };

    public static OrganizationRole OrganizationRole(string? value) => value switch
    {
        "owner" => Core.Domain.OrganizationRole.Owner,
        "member" => Core.Domain.OrganizationRole.Member,
        _ => throw HangarException.Invalid("invalid_role", "'role' must be one of: owner, member."),
    };
}
