using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.Property(k => k.Id).HasMaxLength(36);
        b.Property(k => k.WorkspaceId).HasMaxLength(36);
        b.Property(k => k.Name).HasMaxLength(200);
        // Permission names are kept as one space-separated column: read and written whole, never queried by part.
        b.Property(k => k.Permissions)
            .HasConversion(
                v => string.Join(' ', v),
                v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, p) => HashCode.Combine(h, p.GetHashCode(StringComparison.Ordinal))), v => v.ToList()))
            .HasMaxLength(4000);
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.Property(k => k.KeyPreview).HasMaxLength(16);
        b.Property(k => k.CreatedByType).HasMaxLength(32);
        b.Property(k => k.CreatedById).HasMaxLength(64);
        b.Property(k => k.CreatedByName).HasMaxLength(200);
        b.Property(k => k.LastUsedIp).HasMaxLength(64);
        b.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(k => k.KeyHash).IsUnique();
        b.HasIndex(k => new { k.WorkspaceId, k.Id });
    }
}
