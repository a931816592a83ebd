using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        // No foreign keys: the trail outlives the objects it is about.
        b.ToTable("audit_events");
        b.Property(e => e.Id).HasMaxLength(36);
        b.Property(e => e.OrganizationId).HasMaxLength(36);
        b.Property(e => e.WorkspaceId).HasMaxLength(36);
        b.Property(e => e.ActorType).HasMaxLength(32);
        b.Property(e => e.ActorId).HasMaxLength(64);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(64);
        b.Property(e => e.TargetType).HasMaxLength(32);
        b.Property(e => e.TargetId).HasMaxLength(64);
        b.Property(e => e.TargetName).HasMaxLength(200);
        b.Property(e => e.ClientAddress).HasMaxLength(64);
        b.HasIndex(e => new { e.WorkspaceId, e.Id });
    }
}
