using Hangar.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Rows a test needs, written straight through the context, each with unique names.</summary>
internal static class Seed
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static User NewUser(string? username = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new User { Id = Ids.New(), Username = username ?? Unique("user"), PasswordHash = "hash", CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>An organization with one owner and one workspace whose admin is that owner.</summary>
    public static async Task<(Organization Org, User Owner, Workspace Workspace)> TenantAsync(StorageFixture fixture)
    {
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var now = DateTimeOffset.UtcNow;
        var org = new Organization { Id = Ids.New(), Name = Unique("org"), CreatedAt = now };
        var owner = NewUser();
        var workspace = new Workspace { Id = Ids.New(), OrganizationId = org.Id, Name = Unique("ws"), CreatedAt = now };
        db.Organizations.Add(org);
        db.Users.Add(owner);
        db.Workspaces.Add(workspace);
        db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = org.Id, UserId = owner.Id, Role = OrganizationRole.Owner, CreatedAt = now });
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = owner.Id, Role = WorkspaceRole.Admin, CreatedAt = now });
        await db.SaveChangesAsync();
        return (org, owner, workspace);
    }
}
