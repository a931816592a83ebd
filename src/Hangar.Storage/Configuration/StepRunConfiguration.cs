using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class StepRunConfiguration : IEntityTypeConfiguration<StepRun>
{
    public void Configure(EntityTypeBuilder<StepRun> b)
    {
        b.ToTable("step_runs");
        b.Property(s => s.Id).HasMaxLength(36);
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        b.Property(s => s.ProcessRunId).HasMaxLength(36);
        b.Property(s => s.StepId).HasMaxLength(36);
        b.Property(s => s.TaskPackageVersionId).HasMaxLength(36);
        b.Property(s => s.WorkerGroupId).HasMaxLength(36);
        b.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.ErrorCode).HasMaxLength(64);
        b.Property(s => s.WorkerId).HasMaxLength(36);
        b.HasOne<ProcessRun>().WithMany().HasForeignKey(s => s.ProcessRunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.ProcessRunId, s.Id });
        b.HasIndex(s => new { s.WorkspaceId, s.Id });
        // The dispatch queue: a claim walks the workspace's step runs awaiting a worker oldest first and takes the first
        // its worker may run, without sorting the whole queue (which made each claim cost as much as the queue was long).
        b.HasIndex(s => new { s.State, s.WorkspaceId, s.CreatedAt, s.Id });
        // The watchdog's scan for lapsed leases, and a worker's busy state.
        b.HasIndex(s => new { s.State, s.LeaseExpiresAt });
        b.HasIndex(s => new { s.WorkerId, s.State });
    }
}
