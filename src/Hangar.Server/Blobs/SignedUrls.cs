using Hangar.Core.Storage;
using Hangar.Server.Hosting;

namespace Hangar.Server.Blobs;

/// <summary>
/// Hands out signed URLs on this server's <c>/blobs</c> routes (the filesystem store's stand-in for S3 presigned
/// URLs). They point at the <see cref="PublicUrl"/>, never at the Host header a request came with. Each lives
/// <see cref="HangarServerOptions.SignedUrlLifetimeSeconds"/>. With blobs on S3 and presigned downloads configured,
/// download URLs are the store's own presigned GETs instead; uploads always come through Hangar, which checks and
/// records them.
/// </summary>
public sealed class SignedUrls(SignedUrlSigner signer, HangarServerOptions options, PublicUrl publicUrl, IBlobStore blobs, TimeProvider time)
{
    public const string DownloadPath = "/blobs/download";
    public const string UploadPath = "/blobs/upload";
    public const string PolicyField = "policy";
    public const string SignatureField = "signature";

    /// <summary>A GET URL for the blob the grant names.</summary>
    public (string Url, DateTimeOffset ExpiresAt) ForDownload(DownloadGrant grant)
    {
        if (options.Blobs.PresignsDownloads && blobs is IPresignedDownloads store)
        {
            var until = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds() + options.SignedUrlLifetimeSeconds);
            return (store.PresignDownload(grant, until), until);
        }

        var (policy, signature, expiresAt) = Sign(SignedUrlPolicy.Download, grant, null);
        return (WithQuery(publicUrl.For(DownloadPath), policy, signature), expiresAt);
    }

    /// <summary>An S3-style presigned POST: a URL and the form fields to send with the file.</summary>
    public (string Url, Dictionary<string, string> FormData, DateTimeOffset ExpiresAt) ForFormUpload(UploadGrant grant)
    {
        var (policy, signature, expiresAt) = Sign(SignedUrlPolicy.Upload, null, grant);
        var form = new Dictionary<string, string>(StringComparer.Ordinal) { [PolicyField] = policy, [SignatureField] = signature };
        return (publicUrl.For(UploadPath), form, expiresAt);
    }

    /// <summary>A URL to PUT the raw file to, as rcc does.</summary>
    public (string Url, DateTimeOffset ExpiresAt) ForPutUpload(UploadGrant grant)
    {
        var (policy, signature, expiresAt) = Sign(SignedUrlPolicy.Upload, null, grant);
        return (WithQuery(publicUrl.For(UploadPath), policy, signature), expiresAt);
    }

    private (string Policy, string Signature, DateTimeOffset ExpiresAt) Sign(string operation, DownloadGrant? download, UploadGrant? upload)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds() + options.SignedUrlLifetimeSeconds);
        var (policy, signature) = signer.Sign(new SignedUrlPolicy
        {
            Operation = operation,
            ExpiresAt = expiresAt.ToUnixTimeSeconds(),
            DownloadGrant = download,
            UploadGrant = upload,
        });
        return (policy, signature, expiresAt);
    }

    private static string WithQuery(string url, string policy, string signature) =>
        $"{url}?{PolicyField}={Uri.EscapeDataString(policy)}&{SignatureField}={Uri.EscapeDataString(signature)}";
}
