using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> b)
    {
        b.ToTable("assets");
        b.Property(a => a.Id).HasMaxLength(36);
        b.Property(a => a.WorkspaceId).HasMaxLength(36);
        b.Property(a => a.Name).HasMaxLength(255);
        b.Property(a => a.BlobKey).HasMaxLength(512);
        b.Property(a => a.ContentType).HasMaxLength(255);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.WorkspaceId, a.Name }).IsUnique();
        b.HasIndex(a => new { a.WorkspaceId, a.Id });
    }
}
