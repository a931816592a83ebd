using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WorkItemFileConfiguration : IEntityTypeConfiguration<WorkItemFile>
{
    public void Configure(EntityTypeBuilder<WorkItemFile> b)
    {
        b.ToTable("work_item_files");
        b.Property(f => f.Id).HasMaxLength(36);
        b.Property(f => f.WorkspaceId).HasMaxLength(36);
        b.Property(f => f.WorkItemId).HasMaxLength(36);
        b.Property(f => f.Name).HasMaxLength(255);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.Property(f => f.BlobKey).HasMaxLength(512);
        b.HasOne<WorkItem>().WithMany().HasForeignKey(f => f.WorkItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => new { f.WorkItemId, f.Name }).IsUnique();
        // A workspace's stored bytes, summed from the index alone (the settings page shows them).
        b.HasIndex(f => new { f.WorkspaceId, f.Size });
    }
}
