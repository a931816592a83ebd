using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class StepRunEventConfiguration : IEntityTypeConfiguration<StepRunEvent>
{
    public void Configure(EntityTypeBuilder<StepRunEvent> b)
    {
        b.ToTable("step_run_events");
        b.Property(e => e.Id).HasMaxLength(36);
        b.Property(e => e.WorkspaceId).HasMaxLength(36);
        b.Property(e => e.StepRunId).HasMaxLength(36);
        b.Property(e => e.EventType).HasMaxLength(64);
        b.HasOne<StepRun>().WithMany().HasForeignKey(e => e.StepRunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.StepRunId, e.Id });
    }
}
