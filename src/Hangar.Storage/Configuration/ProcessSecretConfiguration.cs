using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ProcessSecretConfiguration : IEntityTypeConfiguration<ProcessSecret>
{
    public void Configure(EntityTypeBuilder<ProcessSecret> b)
    {
        b.ToTable("process_secrets");
        b.HasKey(s => s.ProcessId);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.SecretHash).HasMaxLength(64);
        b.Property(s => s.CreatedByName).HasMaxLength(200);
        b.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.WorkspaceId);
    }
}
