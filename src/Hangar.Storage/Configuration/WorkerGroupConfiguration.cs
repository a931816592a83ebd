using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WorkerGroupConfiguration : IEntityTypeConfiguration<WorkerGroup>
{
    public void Configure(EntityTypeBuilder<WorkerGroup> b)
    {
        b.ToTable("worker_groups");
        b.Property(g => g.Id).HasMaxLength(36);
        b.Property(g => g.WorkspaceId).HasMaxLength(36);
        b.Property(g => g.Name).HasMaxLength(200);
        b.HasOne<Workspace>().WithMany().HasForeignKey(g => g.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => new { g.WorkspaceId, g.Id });
    }
}
