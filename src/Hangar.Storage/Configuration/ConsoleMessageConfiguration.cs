using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ConsoleMessageConfiguration : IEntityTypeConfiguration<ConsoleMessage>
{
    public void Configure(EntityTypeBuilder<ConsoleMessage> b)
    {
        b.ToTable("console_messages");
        // The key is the order: a retried append of the same lines is a no-op, never a duplicate.
        b.HasKey(m => new { m.StepRunId, m.Sequence });
        b.Property(m => m.StepRunId).HasMaxLength(36);
        b.Property(m => m.WorkspaceId).HasMaxLength(36);
        b.Property(m => m.Stream).HasMaxLength(8);
        b.Property(m => m.Message).HasMaxLength(65_536);
        b.HasOne<StepRun>().WithMany().HasForeignKey(m => m.StepRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
