using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class VaultSecretConfiguration : IEntityTypeConfiguration<VaultSecret>
{
    public void Configure(EntityTypeBuilder<VaultSecret> b)
    {
        b.ToTable("vault_secrets");
        b.Property(s => s.Id).HasMaxLength(36);
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.Description).HasMaxLength(2000);
        b.Property(s => s.CreatedByType).HasMaxLength(32);
        b.Property(s => s.CreatedById).HasMaxLength(64);
        b.Property(s => s.CreatedByName).HasMaxLength(200);
        b.Property(s => s.UpdatedByType).HasMaxLength(32);
        b.Property(s => s.UpdatedById).HasMaxLength(64);
        b.Property(s => s.UpdatedByName).HasMaxLength(200);
        b.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.WorkspaceId, s.Name }).IsUnique();
        b.HasIndex(s => new { s.WorkspaceId, s.Id });
    }
}
