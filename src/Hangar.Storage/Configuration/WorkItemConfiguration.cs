using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>
{
    public void Configure(EntityTypeBuilder<WorkItem> b)
    {
        b.ToTable("work_items");
        b.Property(w => w.Id).HasMaxLength(36);
        b.Property(w => w.WorkspaceId).HasMaxLength(36);
        b.Property(w => w.ProcessId).HasMaxLength(36);
        b.Property(w => w.ProcessRunId).HasMaxLength(36);
        b.Property(w => w.StepId).HasMaxLength(36);
        b.Property(w => w.StepRunId).HasMaxLength(36);
        b.Property(w => w.ParentId).HasMaxLength(36);
        b.Property(w => w.State).HasConversion<string>().HasMaxLength(16);
        b.Property(w => w.Payload).HasMaxLength(int.MaxValue);
        b.Property(w => w.ExceptionType).HasConversion<string>().HasMaxLength(16);
        b.Property(w => w.ExceptionCode).HasMaxLength(200);
        b.Property(w => w.ExceptionMessage).HasMaxLength(4000);
        b.HasOne<Process>().WithMany().HasForeignKey(w => w.ProcessId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ProcessRun>().WithMany().HasForeignKey(w => w.ProcessRunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(w => new { w.WorkspaceId, w.Id });
        b.HasIndex(w => new { w.ProcessId, w.State, w.Id });
        b.HasIndex(w => new { w.ProcessRunId, w.State });
        // A robot's reserve-next: the oldest pending item of its run and step, found without scanning the run's items.
        b.HasIndex(w => new { w.ProcessRunId, w.StepId, w.State, w.CreatedAt, w.Id });
    }
}
