using Hangar.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hangar.Storage.Configuration;

internal sealed class BlobDeletionConfiguration : IEntityTypeConfiguration<BlobDeletion>
{
    public void Configure(EntityTypeBuilder<BlobDeletion> b)
    {
        b.ToTable("blob_deletions");
        // Ids are time-ordered: the queue is read oldest first by its key alone.
        b.Property(d => d.Id).HasMaxLength(36);
        b.Property(d => d.BlobKey).HasMaxLength(BlobKeys.MaxLength);
    }
}
