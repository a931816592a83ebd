using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class TaskPackageConfiguration : IEntityTypeConfiguration<TaskPackage>
{
    public void Configure(EntityTypeBuilder<TaskPackage> b)
    {
        b.ToTable("task_packages");
        b.Property(p => p.Id).HasMaxLength(36);
        b.Property(p => p.WorkspaceId).HasMaxLength(36);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.LatestVersionId).HasMaxLength(36);
        b.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.WorkspaceId, p.Name }).IsUnique();
        b.HasIndex(p => new { p.WorkspaceId, p.Id });
    }
}
