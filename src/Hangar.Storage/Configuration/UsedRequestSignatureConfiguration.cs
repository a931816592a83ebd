using Hangar.Core.RequestReplay;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class UsedRequestSignatureConfiguration : IEntityTypeConfiguration<UsedRequestSignature>
{
    public void Configure(EntityTypeBuilder<UsedRequestSignature> b)
    {
        b.ToTable("used_request_signatures");
        // The primary key is the replay check: a second insert of the same signature fails, whichever node tries it.
        b.Property(s => s.Id).HasMaxLength(64);
        b.HasIndex(s => s.ExpiresAt);
    }
}
