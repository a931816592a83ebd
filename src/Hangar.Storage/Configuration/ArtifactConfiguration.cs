using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ArtifactConfiguration : IEntityTypeConfiguration<Artifact>
{
    public void Configure(EntityTypeBuilder<Artifact> b)
    {
        b.ToTable("artifacts");
        b.Property(a => a.Id).HasMaxLength(36);
        b.Property(a => a.WorkspaceId).HasMaxLength(36);
        b.Property(a => a.StepRunId).HasMaxLength(36);
        b.Property(a => a.Name).HasMaxLength(1024);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.BlobKey).HasMaxLength(512);
        b.HasOne<StepRun>().WithMany().HasForeignKey(a => a.StepRunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.StepRunId, a.Id });
        // A workspace's stored bytes, summed from the index alone (the settings page shows them).
        b.HasIndex(a => new { a.WorkspaceId, a.Size });
    }
}
