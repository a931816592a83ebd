using Hangar.Core.Storage;

namespace Hangar.Storage.Blobs;

/// <summary>
/// Where an S3 blob store keeps its blobs: a bucket and a key prefix inside it (<c>s3://bucket/prefix</c>). The prefix
/// belongs to Hangar: housekeeping deletes blobs under it that no row names.
/// </summary>
public sealed record S3BlobLocation(string Bucket, string Prefix)
{
    public const string Scheme = "s3://";

    public static bool IsS3(string? value) => value?.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Reads <c>s3://bucket</c> or <c>s3://bucket/some/prefix</c>; a <see cref="FormatException"/> says what is wrong.</summary>
    public static S3BlobLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsS3(value))
        {
            throw new FormatException($"'{value}' is not an s3://bucket/prefix location.");
        }

        var rest = value[Scheme.Length..].Trim('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        // Bucket names as S3 defines them: 3 to 63 lower-case letters, digits, dots and hyphens.
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')
            || !char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            throw new FormatException($"'{bucket}' in '{value}' is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens).");
        }

        // The prefix follows the rules of blob keys, so that prefix + key is always a plain object key.
        if (prefix.Length > 0 && (!BlobKeys.IsValid(prefix) || prefix.Length > 200))
        {
            throw new FormatException($"The prefix '{prefix}' in '{value}' must be up to 200 characters of letters, digits and . _ - separated by '/'.");
        }

        return new S3BlobLocation(bucket, prefix);
    }

    /// <summary>The object key of a blob key.</summary>
    public string ObjectKey(string blobKey) => Prefix.Length == 0 ? blobKey : $"{Prefix}/{blobKey}";

    /// <summary>What every object key of this location starts with.</summary>
    public string KeyPrefix => Prefix.Length == 0 ? string.Empty : Prefix + "/";

    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";
}
