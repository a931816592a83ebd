using Hangar.Core.Domain;
using Hangar.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("webhooks");
        b.Property(w => w.Id).HasMaxLength(36);
        b.Property(w => w.WorkspaceId).HasMaxLength(36);
        b.Property(w => w.ProcessId).HasMaxLength(36);
        b.Property(w => w.Name).HasMaxLength(200);
        b.Property(w => w.Endpoint).HasMaxLength(WebhookLimits.MaxEndpointLength);
        // Event names are kept as one space-separated column, read whole by the outbox and matched in memory.
        b.Property(w => w.Events)
            .HasConversion(
                v => string.Join(' ', v),
                v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, e) => HashCode.Combine(h, e.GetHashCode(StringComparison.Ordinal))), v => v.ToList()))
            .HasMaxLength(500);
        b.Property(w => w.SecretPreview).HasMaxLength(16);
        b.Property(w => w.CreatedByName).HasMaxLength(200);
        b.HasOne<Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        // A process's webhooks go with it.
        b.HasOne<Process>().WithMany().HasForeignKey(w => w.ProcessId).OnDelete(DeleteBehavior.Cascade);
        // Lists page by id; the outbox reads a workspace's webhooks at every reported change.
        b.HasIndex(w => new { w.WorkspaceId, w.Id });
    }
}
