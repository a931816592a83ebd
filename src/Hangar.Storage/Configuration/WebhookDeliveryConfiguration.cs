using Hangar.Core.Domain;
using Hangar.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries");
        // An integer key the database numbers on insert: the order a run's deliveries are sent in (a run's events are
        // written one after the other, so they number in the order they happened, whatever the nodes' clocks say).
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedOnAdd();
        b.Property(d => d.WorkspaceId).HasMaxLength(36);
        b.Property(d => d.WebhookId).HasMaxLength(36);
        b.Property(d => d.ProcessRunId).HasMaxLength(36);
        b.Property(d => d.TargetId).HasMaxLength(36);
        b.Property(d => d.OrderingKey).HasMaxLength(36);
        b.Property(d => d.EventId).HasMaxLength(36);
        b.Property(d => d.Event).HasMaxLength(64);
        b.Property(d => d.Body).HasMaxLength(64 * 1024);
        b.Property(d => d.CallbackUrl).HasMaxLength(WebhookLimits.MaxEndpointLength);
        b.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(64);
        b.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        // Deleting a webhook ends its pending deliveries and its log. A callback's deliveries point at no row: they
        // outlive their run.
        b.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        // The sender's look for due work: pending rows are few, whatever the log holds.
        b.HasIndex(d => new { d.State, d.NextAttemptAt });
        // "No earlier delivery of this run to this target is pending", checked for each candidate.
        b.HasIndex(d => new { d.TargetId, d.OrderingKey, d.State, d.Id });
        b.HasIndex(d => new { d.WebhookId, d.Id });
        b.HasIndex(d => d.CreatedAt);
    }
}
