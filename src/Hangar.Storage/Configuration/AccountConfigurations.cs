using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(o => o.Id).HasMaxLength(36);
        b.Property(o => o.Name).HasMaxLength(200);
    }
}

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> b)
    {
        b.ToTable("workspaces");
        b.Property(w => w.Id).HasMaxLength(36);
        b.Property(w => w.OrganizationId).HasMaxLength(36);
        b.Property(w => w.Name).HasMaxLength(200);
        b.HasOne(w => w.Organization).WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(w => new { w.OrganizationId, w.Name }).IsUnique();
        b.HasIndex(w => w.Name);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(u => u.Id).HasMaxLength(36);
        b.Property(u => u.Username).HasMaxLength(64);
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.PasswordHash).HasMaxLength(200);
        b.HasIndex(u => u.Username).IsUnique();
    }
}

internal sealed class OrganizationMemberConfiguration : IEntityTypeConfiguration<OrganizationMember>
{
    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("organization_members");
        b.HasKey(m => new { m.OrganizationId, m.UserId });
        b.Property(m => m.OrganizationId).HasMaxLength(36);
        b.Property(m => m.UserId).HasMaxLength(36);
        b.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class WorkspaceMemberConfiguration : IEntityTypeConfiguration<WorkspaceMember>
{
    public void Configure(EntityTypeBuilder<WorkspaceMember> b)
    {
        b.ToTable("workspace_members");
        b.HasKey(m => new { m.WorkspaceId, m.UserId });
        b.Property(m => m.WorkspaceId).HasMaxLength(36);
        b.Property(m => m.UserId).HasMaxLength(36);
        b.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.Property(s => s.Id).HasMaxLength(36);
        b.Property(s => s.TokenHash).HasMaxLength(64);
        b.Property(s => s.UserId).HasMaxLength(36);
        b.Property(s => s.ClientAddress).HasMaxLength(64);
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.TokenHash).IsUnique();
        b.HasIndex(s => s.UserId);
        b.HasIndex(s => s.ExpiresAt);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        // No foreign keys: the trail outlives the objects it is about.
        b.ToTable("audit_events");
        b.Property(e => e.Id).HasMaxLength(36);
        b.Property(e => e.OrganizationId).HasMaxLength(36);
        b.Property(e => e.WorkspaceId).HasMaxLength(36);
        b.Property(e => e.ActorType).HasMaxLength(32);
        b.Property(e => e.ActorId).HasMaxLength(64);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.TargetType).HasMaxLength(32);
        b.Property(e => e.TargetId).HasMaxLength(64);
        b.Property(e => e.TargetName).HasMaxLength(200);
        b.Property(e => e.ClientAddress).HasMaxLength(64);
        b.HasIndex(e => new { e.WorkspaceId, e.Id });
    }
}
