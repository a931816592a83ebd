using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class VaultKeyConfiguration : IEntityTypeConfiguration<VaultKey>
{
    public void Configure(EntityTypeBuilder<VaultKey> b)
    {
        b.ToTable("vault_keys");
        b.HasKey(k => k.Purpose);
        b.Property(k => k.Purpose).HasMaxLength(32);
    }
}
