using Hangar.Core.Domain;
using Hangar.Core.EmailTriggers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class EmailTriggerConfiguration : IEntityTypeConfiguration<EmailTrigger>
{
    public void Configure(EntityTypeBuilder<EmailTrigger> b)
    {
        b.ToTable("email_triggers");
        b.HasKey(t => t.ProcessId);
        b.Property(t => t.ProcessId).HasMaxLength(36);
        b.Property(t => t.WorkspaceId).HasMaxLength(36);
        b.Property(t => t.AddressHash).HasMaxLength(64);
        b.Property(t => t.EncryptedLocalPart).HasMaxLength(256);
        b.Property(t => t.CreatedByName).HasMaxLength(200);
        // Deleting the process (or its workspace) removes its address with it.
        b.HasOne<Process>().WithMany().HasForeignKey(t => t.ProcessId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.AddressHash).IsUnique();
        b.HasIndex(t => t.WorkspaceId);
    }
}
