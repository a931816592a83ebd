using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WorkerGroupMemberConfiguration : IEntityTypeConfiguration<WorkerGroupMember>
{
    public void Configure(EntityTypeBuilder<WorkerGroupMember> b)
    {
        b.ToTable("worker_group_members");
        b.HasKey(m => new { m.WorkerId, m.WorkerGroupId });
        b.Property(m => m.WorkerId).HasMaxLength(36);
        b.Property(m => m.WorkerGroupId).HasMaxLength(36);
        b.Property(m => m.WorkspaceId).HasMaxLength(36);
        b.HasOne<Worker>().WithMany().HasForeignKey(m => m.WorkerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkerGroup>().WithMany().HasForeignKey(m => m.WorkerGroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => m.WorkerGroupId);
    }
}
