using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class ProcessStepConfiguration : IEntityTypeConfiguration<ProcessStep>
{
    public void Configure(EntityTypeBuilder<ProcessStep> b)
    {
        b.ToTable("process_steps");
        b.Property(s => s.Id).HasMaxLength(36);
        b.Property(s => s.ProcessId).HasMaxLength(36);
        b.Property(s => s.WorkspaceId).HasMaxLength(36);
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.TaskPackageId).HasMaxLength(36);
        b.Property(s => s.TaskPackageVersionId).HasMaxLength(36);
        b.Property(s => s.Task).HasMaxLength(200);
        b.Property(s => s.WorkerGroupId).HasMaxLength(36);
        b.HasIndex(s => new { s.ProcessId, s.Position });
        // A package in use by a step cannot be deleted from under it.
        b.HasOne<TaskPackage>().WithMany().HasForeignKey(s => s.TaskPackageId).OnDelete(DeleteBehavior.Restrict);
    }
}
