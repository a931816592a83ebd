using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(u => u.Id).HasMaxLength(36);
        b.Property(u => u.Username).HasMaxLength(64);
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.PasswordHash).HasMaxLength(200);
        b.Property(u => u.TimeZone).HasMaxLength(Core.Errors.Validate.MaxTimeZoneLength);
        b.HasIndex(u => u.Username).IsUnique();
    }
}
