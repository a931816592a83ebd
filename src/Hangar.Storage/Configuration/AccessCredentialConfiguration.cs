using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class AccessCredentialConfiguration : IEntityTypeConfiguration<AccessCredential>
{
    public void Configure(EntityTypeBuilder<AccessCredential> b)
    {
        b.ToTable("access_credentials");
        b.Property(c => c.Id).HasMaxLength(36);
        b.Property(c => c.UserId).HasMaxLength(36);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Identifier).HasMaxLength(64);
        b.Property(c => c.LastUsedIp).HasMaxLength(64);
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.Identifier).IsUnique();
        b.HasIndex(c => new { c.UserId, c.Id });
    }
}
