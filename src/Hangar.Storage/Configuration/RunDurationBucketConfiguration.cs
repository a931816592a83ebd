using Hangar.Core.Domain;
using Hangar.Core.Stats;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

/// <summary>Written only by the database's triggers (see <c>StatsSql</c>) and by a rebuild; the application only reads it.</summary>
internal sealed class RunDurationBucketConfiguration : IEntityTypeConfiguration<RunDurationBucket>
{
    public void Configure(EntityTypeBuilder<RunDurationBucket> b)
    {
        b.ToTable("run_stats_durations");
        b.HasKey(s => new { s.WorkspaceId, s.ProcessId, s.BucketStart, s.Bin });
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        b.HasOne<Process>().WithMany().HasForeignKey(s => s.ProcessId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.WorkspaceId, s.BucketStart });
    }
}
