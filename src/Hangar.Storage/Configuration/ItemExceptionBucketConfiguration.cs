using Hangar.Core.Domain;
using Hangar.Core.Stats;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

/// <summary>Written only by the database's triggers (see <c>StatsSql</c>) and by a rebuild; the application only reads it.</summary>
internal sealed class ItemExceptionBucketConfiguration : IEntityTypeConfiguration<ItemExceptionBucket>
{
    public void Configure(EntityTypeBuilder<ItemExceptionBucket> b)
    {
        b.ToTable("run_stats_exceptions");
        b.HasKey(s => new { s.WorkspaceId, s.ProcessId, s.BucketStart, s.ExceptionType, s.ExceptionCode });
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        b.Property(s => s.ExceptionType).HasMaxLength(16);
        b.Property(s => s.ExceptionCode).HasMaxLength(200);
        b.HasOne<Process>().WithMany().HasForeignKey(s => s.ProcessId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.WorkspaceId, s.BucketStart });
    }
}
