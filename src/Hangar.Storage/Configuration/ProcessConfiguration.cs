using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ProcessConfiguration : IEntityTypeConfiguration<Process>
{
    public void Configure(EntityTypeBuilder<Process> b)
    {
        b.ToTable("processes");
        b.Property(p => p.Id).HasMaxLength(36);
        b.Property(p => p.WorkspaceId).HasMaxLength(36);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(2000);
        b.Property(p => p.DefaultPayload).HasMaxLength(int.MaxValue);
        b.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Steps).WithOne().HasForeignKey(s => s.ProcessId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.WorkspaceId, p.Name }).IsUnique();
        b.HasIndex(p => new { p.WorkspaceId, p.Id });
    }
}
