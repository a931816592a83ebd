using Hangar.Core.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ScheduleFireConfiguration : IEntityTypeConfiguration<ScheduleFire>
{
    public void Configure(EntityTypeBuilder<ScheduleFire> b)
    {
        b.ToTable("schedule_fires");
        // The claim: one row per (schedule, time), whichever node writes it first.
        b.HasKey(f => new { f.ScheduleId, f.FireAt });
        b.Property(f => f.ScheduleId).HasMaxLength(36);
        b.Property(f => f.WorkspaceId).HasMaxLength(36);
        b.Property(f => f.ProcessId).HasMaxLength(36);
        b.Property(f => f.Outcome).HasConversion<string>().HasMaxLength(32);
        b.Property(f => f.RunId).HasMaxLength(36);
        b.Property(f => f.Error).HasMaxLength(500);
        b.HasOne<Schedule>().WithMany().HasForeignKey(f => f.ScheduleId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.HandledAt);
    }
}
