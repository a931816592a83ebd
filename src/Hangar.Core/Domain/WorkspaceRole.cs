namespace Hangar.Core.Domain;

/// <summary>A user's role in one workspace; <see cref="Security.RolePermissions"/> says what each may do.</summary>
public enum WorkspaceRole
{
    Viewer = 0,
    Operator = 1,
    Developer = 2,
    Admin = 3,
}
