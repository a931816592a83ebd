using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ProcessRunConfiguration : IEntityTypeConfiguration<ProcessRun>
{
    public void Configure(EntityTypeBuilder<ProcessRun> b)
    {
        b.ToTable("process_runs");
        b.Property(r => r.Id).HasMaxLength(36);
        b.Property(r => r.WorkspaceId).HasMaxLength(36);
        b.Property(r => r.ProcessId).HasMaxLength(36);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.StartedByType).HasMaxLength(16);
        b.Property(r => r.StartedById).HasMaxLength(64);
        b.Property(r => r.StartedByName).HasMaxLength(200);
        b.Property(r => r.StopReason).HasMaxLength(1000);
        b.Property(r => r.CallbackUrl).HasMaxLength(2000);
        b.Property(r => r.CallbackEvents).HasMaxLength(200);
        b.HasOne<Process>().WithMany().HasForeignKey(r => r.ProcessId).OnDelete(DeleteBehavior.Cascade);
        // Lists page by id (newest first) within a workspace, optionally filtered by process or state.
        b.HasIndex(r => new { r.WorkspaceId, r.Id });
        b.HasIndex(r => new { r.WorkspaceId, r.ProcessId, r.Id });
        b.HasIndex(r => new { r.WorkspaceId, r.State, r.Id });
    }
}

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
        b.HasOne<ProcessRun>().WithMany().HasForeignKey(s => s.ProcessRunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.ProcessRunId, s.Id });
        b.HasIndex(s => new { s.WorkspaceId, s.Id });
        // The dispatch queue: step runs awaiting a worker, oldest first, per worker group.
        b.HasIndex(s => new { s.State, s.WorkerGroupId, s.Id });
    }
}

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
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(r => new { r.WorkspaceId, r.Key });
        b.Property(r => r.WorkspaceId).HasMaxLength(36);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.RunIds).HasMaxLength(40_000);
        b.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.CreatedAt);
    }
}
