using Hangar.Core.Domain;
using Hangar.Core.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> b)
    {
        b.ToTable("schedules");
        b.Property(s => s.Id).HasMaxLength(36);
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        b.Property(s => s.Cron).HasMaxLength(ScheduleLimits.MaxCronLength);
        b.Property(s => s.TimeZone).HasMaxLength(ScheduleLimits.MaxTimeZoneLength);
        b.Property(s => s.Payload).HasMaxLength(int.MaxValue);
        b.Property(s => s.Overlap).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.CatchUp).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.LastOutcome).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.LastRunId).HasMaxLength(36);
        b.Property(s => s.LastError).HasMaxLength(500);
        b.HasOne<Process>().WithMany().HasForeignKey(s => s.ProcessId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.WorkspaceId, s.ProcessId, s.Id });
        // The scheduler asks for what is due and for the earliest next time: both read this index alone.
        b.HasIndex(s => s.NextFireAt);
    }
}
