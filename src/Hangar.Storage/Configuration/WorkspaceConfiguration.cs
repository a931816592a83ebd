using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

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
