using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class WorkerConfiguration : IEntityTypeConfiguration<Worker>
{
    public void Configure(EntityTypeBuilder<Worker> b)
    {
        b.ToTable("workers");
        b.Property(w => w.Id).HasMaxLength(36);
        b.Property(w => w.WorkspaceId).HasMaxLength(36);
        b.Property(w => w.Name).HasMaxLength(200);
        b.Property(w => w.CredentialHash).HasMaxLength(64);
        b.Property(w => w.Isolation).HasMaxLength(16);
        b.HasOne<Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(w => w.CredentialHash).IsUnique();
        b.HasIndex(w => new { w.WorkspaceId, w.Id });
    }
}
