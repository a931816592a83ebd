using Hangar.Core.Storage;

namespace Hangar.Storage.Blobs;

/// <summary>
/// Where blobs live, as configured (<c>Hangar:Blobs</c> in appsettings, then the environment, then the flags): the data
/// directory's <c>blobs</c> folder by default, or an S3-compatible bucket (<c>s3://bucket/prefix</c>) that every node of
/// a cluster shares. S3 credentials are never part of it: they come from the AWS SDK's usual chain.
/// </summary>
public sealed class BlobStoreSettings
{
    /// <summary>Downloads go through Hangar's <c>/blobs/download</c> route (the default, with either store).</summary>
    public const string HangarDownloads = "hangar";

    /// <summary>Downloads are presigned URLs of the S3 store itself.</summary>
    public const string PresignedDownloads = "presigned";

    /// <summary><c>s3://bucket/prefix</c>, or a folder; null means the data directory's <c>blobs</c> folder (HANGAR_BLOBS, --blobs).</summary>
    public string? Location { get; set; }

    /// <summary>The URL of an S3-compatible server; null means AWS S3 (HANGAR_S3_ENDPOINT, --s3-endpoint).</summary>
    public string? S3Endpoint { get; set; }

    /// <summary>The region (HANGAR_S3_REGION, --s3-region); null means AWS_REGION or the profile's, us-east-1 with an endpoint.</summary>
    public string? S3Region { get; set; }

    /// <summary>Path-style addressing, which most S3-compatible servers need (HANGAR_S3_FORCE_PATH_STYLE, --s3-force-path-style).</summary>
    public bool S3ForcePathStyle { get; set; }

    /// <summary><see cref="HangarDownloads"/> or <see cref="PresignedDownloads"/> (HANGAR_BLOB_DOWNLOADS, --blob-downloads).</summary>
    public string Downloads { get; set; } = HangarDownloads;

    /// <summary>Credentials for an embedding host or a test; null (always, from configuration) means the AWS SDK's chain.</summary>
    public Amazon.Runtime.AWSCredentials? S3Credentials { get; set; }

    public bool IsS3 => S3BlobLocation.IsS3(Location);

    public bool PresignsDownloads => string.Equals(Downloads, PresignedDownloads, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the <c>HANGAR_BLOBS</c>, <c>HANGAR_S3_*</c> and <c>HANGAR_BLOB_DOWNLOADS</c> variables over the configured values.</summary>
    public void ApplyEnvironment()
    {
        Location = Env("HANGAR_BLOBS") ?? Location;
        S3Endpoint = Env("HANGAR_S3_ENDPOINT") ?? S3Endpoint;
        S3Region = Env("HANGAR_S3_REGION") ?? S3Region;
        Downloads = Env("HANGAR_BLOB_DOWNLOADS") ?? Downloads;
        if (Env("HANGAR_S3_FORCE_PATH_STYLE") is { } pathStyle)
        {
            S3ForcePathStyle = pathStyle.Trim().ToLowerInvariant() is "1" or "true" or "yes";
        }
    }

    /// <summary>Every problem with these settings, one line each.</summary>
    public IEnumerable<string> Problems()
    {
        if (IsS3)
        {
            string? bad = null;
            try
            {
                _ = S3BlobLocation.Parse(Location!);
            }
            catch (FormatException ex)
            {
                bad = ex.Message;
            }

            if (bad is not null)
            {
                yield return $"--blobs: {bad}";
            }
        }

        if (S3Endpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0))
        {
            yield return $"--s3-endpoint: '{endpoint}' is not an http:// or https:// URL.";
        }

        if (!string.Equals(Downloads, HangarDownloads, StringComparison.OrdinalIgnoreCase) && !PresignsDownloads)
        {
            yield return $"--blob-downloads: '{Downloads}' is neither '{HangarDownloads}' nor '{PresignedDownloads}'.";
        }
        else if (PresignsDownloads && !IsS3)
        {
            yield return $"--blob-downloads {PresignedDownloads} needs blobs on S3 (--blobs s3://bucket/prefix).";
        }
    }

    /// <summary>The S3 settings for <paramref name="location"/> (by default this one's) with these endpoint, region and addressing.</summary>
    public S3Settings S3(string? location = null) => new()
    {
        Location = S3BlobLocation.Parse(location ?? Location ?? throw new InvalidOperationException("No S3 location is configured.")),
        Endpoint = string.IsNullOrWhiteSpace(S3Endpoint) ? null : S3Endpoint,
        Region = string.IsNullOrWhiteSpace(S3Region) ? null : S3Region,
        ForcePathStyle = S3ForcePathStyle,
        Credentials = S3Credentials,
    };

    /// <summary>The store these settings name; <paramref name="defaultFolder"/> when no location is set.</summary>
    public IBlobStore Create(string defaultFolder) => IsS3
        ? new S3BlobStore(S3())
        : new FileSystemBlobStore(string.IsNullOrWhiteSpace(Location) ? defaultFolder : Location);

    /// <summary>Where blobs are, for the start banner.</summary>
    public string Describe(string defaultFolder) => IsS3
        ? $"{S3BlobLocation.Parse(Location!)}{(S3Endpoint is { Length: > 0 } e ? $" at {e}" : string.Empty)}, downloads {(PresignsDownloads ? "presigned by S3" : "through Hangar")}"
        : Path.GetFullPath(string.IsNullOrWhiteSpace(Location) ? defaultFolder : Location);

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
