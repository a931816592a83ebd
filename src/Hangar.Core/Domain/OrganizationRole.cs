namespace Hangar.Core.Domain;

/// <summary>A user's role in an organization. Owners manage the organization's users and workspaces.</summary>
public enum OrganizationRole
{
    Member = 0,
    Owner = 1,
}
