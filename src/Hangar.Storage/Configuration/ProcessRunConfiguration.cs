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
        b.Property(r => r.TraceParent).HasMaxLength(55);
        b.HasOne<Process>().WithMany().HasForeignKey(r => r.ProcessId).OnDelete(DeleteBehavior.Cascade);
        // Lists page by id (newest first) within a workspace, optionally filtered by process or state.
        b.HasIndex(r => new { r.WorkspaceId, r.Id });
        b.HasIndex(r => new { r.WorkspaceId, r.ProcessId, r.Id });
        b.HasIndex(r => new { r.WorkspaceId, r.State, r.Id });
        // Retention: a workspace's runs that ended longest ago, found without reading the younger ones.
        b.HasIndex(r => new { r.WorkspaceId, r.EndedAt });
    }
}
