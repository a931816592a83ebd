using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class LinkTokenConfiguration : IEntityTypeConfiguration<LinkToken>
{
    public void Configure(EntityTypeBuilder<LinkToken> b)
    {
        b.ToTable("link_tokens");
        b.Property(t => t.Id).HasMaxLength(36);
        b.Property(t => t.WorkspaceId).HasMaxLength(36);
        b.Property(t => t.WorkerGroupId).HasMaxLength(36);
        b.Property(t => t.Name).HasMaxLength(200);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkerGroup>().WithMany().HasForeignKey(t => t.WorkerGroupId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => new { t.WorkerGroupId, t.Id });
    }
}
