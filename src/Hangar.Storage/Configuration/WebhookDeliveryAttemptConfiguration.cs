using Hangar.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> b)
    {
        b.ToTable("webhook_delivery_attempts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedOnAdd();
        b.Property(a => a.WorkspaceId).HasMaxLength(36);
        b.Property(a => a.WebhookId).HasMaxLength(36);
        b.Property(a => a.Event).HasMaxLength(64);
        b.Property(a => a.Response).HasMaxLength(WebhookLimits.ResponseExcerptBytes);
        b.Property(a => a.Error).HasMaxLength(64);
        b.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.WebhookId, a.Id });
        b.HasIndex(a => new { a.DeliveryId, a.Id });
        b.HasIndex(a => a.AttemptedAt);
    }
}
