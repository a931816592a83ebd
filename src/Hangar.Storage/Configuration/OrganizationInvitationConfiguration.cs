using Hangar.Core.Domain;
using Hangar.Core.Invitations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class OrganizationInvitationConfiguration : IEntityTypeConfiguration<OrganizationInvitation>
{
    public void Configure(EntityTypeBuilder<OrganizationInvitation> b)
    {
        b.ToTable("organization_invitations");
        b.Property(i => i.Id).HasMaxLength(36);
        b.Property(i => i.OrganizationId).HasMaxLength(36);
        b.Property(i => i.UserId).HasMaxLength(36);
        b.Property(i => i.InvitedById).HasMaxLength(36);
        b.Property(i => i.InvitedByName).HasMaxLength(200);
        b.HasOne(i => i.Organization).WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(i => i.User).WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        // One pending invitation per user and organization; the user's list is read on every page of the UI.
        b.HasIndex(i => new { i.OrganizationId, i.UserId }).IsUnique();
        b.HasIndex(i => new { i.UserId, i.Id });
    }
}
