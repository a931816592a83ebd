using Hangar.Core.Domain;
using Hangar.Core.Stats;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

/// <summary>Written only by the database's triggers (see <c>StatsSql</c>) and by a rebuild; the application only reads it.</summary>
internal sealed class RunStatsBucketConfiguration : IEntityTypeConfiguration<RunStatsBucket>
{
    public void Configure(EntityTypeBuilder<RunStatsBucket> b)
    {
        b.ToTable("run_stats");
        b.HasKey(s => new { s.WorkspaceId, s.ProcessId, s.BucketStart });
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        // A process's statistics go with it (its runs do too).
        b.HasOne<Process>().WithMany().HasForeignKey(s => s.ProcessId).OnDelete(DeleteBehavior.Cascade);
        // The dashboard reads a workspace's buckets of a period.
        b.HasIndex(s => new { s.WorkspaceId, s.BucketStart });
    }
}
