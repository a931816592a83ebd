using Amazon.Runtime;

namespace Hangar.Storage.Blobs;

/// <summary>How to reach an S3-compatible store. Credentials, when not given, come from the AWS SDK's usual chain.</summary>
public sealed class S3Settings
{
    public required S3BlobLocation Location { get; init; }

    /// <summary>The service URL of an S3-compatible server (MinIO, Ceph, ...); null means AWS S3 of <see cref="Region"/>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The region to sign for; null means the SDK's (AWS_REGION, the profile), or us-east-1 with an <see cref="Endpoint"/>.</summary>
    public string? Region { get; init; }

    /// <summary>Whether to address the bucket in the path (<c>endpoint/bucket/key</c>) instead of the host name.</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>Null: the environment (AWS_ACCESS_KEY_ID, ...), the profile (AWS_PROFILE), web identity, container or instance role.</summary>
    public AWSCredentials? Credentials { get; init; }
}
