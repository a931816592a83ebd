using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class TaskPackageVersionConfiguration : IEntityTypeConfiguration<TaskPackageVersion>
{
    public void Configure(EntityTypeBuilder<TaskPackageVersion> b)
    {
        b.ToTable("task_package_versions");
        b.Property(v => v.Id).HasMaxLength(36);
        b.Property(v => v.TaskPackageId).HasMaxLength(36);
        b.Property(v => v.WorkspaceId).HasMaxLength(36);
        b.Property(v => v.Sha256).HasMaxLength(64);
        b.Property(v => v.BlobKey).HasMaxLength(300);
        b.Property(v => v.RobotRoot).HasMaxLength(300);
        // Task names are read whole with the version, never queried one by one: one JSON-free, newline-separated column.
        b.Property(v => v.Tasks)
            .HasConversion(
                v => string.Join('\n', v),
                v => v.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, t) => HashCode.Combine(h, t.GetHashCode(StringComparison.Ordinal))), v => v.ToList()))
            .HasMaxLength(20_000);
        b.Property(v => v.UploadedByType).HasMaxLength(32);
        b.Property(v => v.UploadedById).HasMaxLength(64);
        b.Property(v => v.UploadedByName).HasMaxLength(200);
        b.HasOne<TaskPackage>().WithMany().HasForeignKey(v => v.TaskPackageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => new { v.TaskPackageId, v.Number }).IsUnique();
    }
}
