using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class UsedUploadGrantConfiguration : IEntityTypeConfiguration<UsedUploadGrant>
{
    public void Configure(EntityTypeBuilder<UsedUploadGrant> b)
    {
        b.ToTable("used_upload_grants");
        // The primary key is what makes an upload URL single-use: a second insert of the same grant fails.
        b.Property(g => g.Id).HasMaxLength(36);
        b.HasIndex(g => g.ExpiresAt);
    }
}
