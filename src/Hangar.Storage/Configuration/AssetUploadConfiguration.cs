using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class AssetUploadConfiguration : IEntityTypeConfiguration<AssetUpload>
{
    public void Configure(EntityTypeBuilder<AssetUpload> b)
    {
        b.ToTable("asset_uploads");
        b.Property(u => u.Id).HasMaxLength(36);
        b.Property(u => u.WorkspaceId).HasMaxLength(36);
        b.Property(u => u.AssetId).HasMaxLength(36);
        b.Property(u => u.ContentType).HasMaxLength(255);
        b.Property(u => u.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(u => u.Reason).HasMaxLength(1000);
        b.HasOne<Asset>().WithMany().HasForeignKey(u => u.AssetId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => u.AssetId);
    }
}
