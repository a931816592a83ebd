namespace Hangar.Core.Storage;

/// <summary>
/// A blob store that can hand out download URLs of its own (S3 presigned GETs), so that clients fetch files from the
/// store directly instead of through Hangar. Uploads always go through Hangar: it checks and records what arrives.
/// </summary>
public interface IPresignedDownloads
{
    /// <summary>A GET URL for the blob the grant names, served with the grant's file name and type, working until <paramref name="expiresAt"/>.</summary>
    /// <remarks>Signing is local (no request to the store), hence synchronous.</remarks>
    string PresignDownload(DownloadGrant grant, DateTimeOffset expiresAt);
}
