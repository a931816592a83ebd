using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Hangar.Core.Storage;

namespace Hangar.Storage.Blobs;

/// <summary>
/// Blobs as objects in an S3-compatible bucket, under a key prefix. A put streams: content that fits in one part goes
/// up in one PUT, anything larger as a multipart upload of <see cref="PartSize"/> parts, so memory holds one part per
/// upload whatever the file's size, and every file over 100 MB is a multipart upload. Both are atomic in S3: readers see
/// the old object or the whole new one, and a failed multipart upload is aborted. Only standard S3 calls are used
/// (PUT, multipart, GET, HEAD, DELETE, ListObjectsV2, presigned GET), without chunked or trailing-checksum uploads that
/// not every S3-compatible server understands.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IPresignedDownloads, IDisposable
{
    /// <summary>The size of one multipart part (S3 wants at least 5 MiB, and at most 10,000 parts: 80 GiB a blob).</summary>
    public const int PartSize = 8 * 1024 * 1024;

    /// <summary>What a put holds before it knows whether the blob is larger (a part's worth is taken then).</summary>
    private const int SmallBlobSize = 256 * 1024;

    private const int MaxParts = 10_000;
    private readonly AmazonS3Client _client;
    private readonly S3BlobLocation _location;
    private readonly bool _http;

    public S3BlobStore(S3Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _location = settings.Location;
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // Checksums only where S3 requires them: the SDK's default trailing checksums need chunked uploads.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.Endpoint is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = settings.Region ?? "us-east-1";
            _http = endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        }
        else if (settings.Region is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        try
        {
            _client = settings.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(settings.Credentials, config);
        }
        catch (AmazonClientException ex)
        {
            // E.g. no region anywhere: a configuration problem, told at start as the others are.
            throw new FormatException($"S3 ({_location}): {ex.Message.TrimEnd('.')}. Set --s3-region (HANGAR_S3_REGION) or --s3-endpoint.", ex);
        }
    }

    public S3BlobLocation Location => _location;

    public async Task<BlobInfo> PutAsync(string key, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var objectKey = _location.ObjectKey(BlobKeys.Checked(key));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Most blobs are small: a part's worth of memory is taken only once the content outgrows a small buffer.
        var buffer = ArrayPool<byte>.Shared.Rent(SmallBlobSize);
        try
        {
            var filled = await FillAsync(content, buffer, 0, SmallBlobSize, hash, ct);
            if (filled == SmallBlobSize)
            {
                var part = ArrayPool<byte>.Shared.Rent(PartSize);
                Buffer.BlockCopy(buffer, 0, part, 0, filled);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = part;
                filled = await FillAsync(content, buffer, filled, PartSize, hash, ct);
            }

            long size;
            if (filled < PartSize)
            {
                // The whole blob is in the buffer: one PUT.
                await _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _location.Bucket,
                    Key = objectKey,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    ContentType = "application/octet-stream",
                    UseChunkEncoding = false,
                }, ct);
                size = filled;
            }
            else
            {
                size = await PutMultipartAsync(objectKey, content, buffer, filled, hash, ct);
            }

            return new BlobInfo(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<BlobContent?> OpenReadAsync(string key, CancellationToken ct)
    {
        var objectKey = _location.ObjectKey(BlobKeys.Checked(key));
        try
        {
            var response = await _client.GetObjectAsync(_location.Bucket, objectKey, ct);
            return new BlobContent(response.ResponseStream, response.ContentLength);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or null or "")
        {
            return null;
        }
    }

    public async Task CheckAsync(CancellationToken ct) =>
        // A listing under a prefix that holds no blob proves the endpoint answers, the credentials work and the bucket is
        // there (s3:ListBucket), and its answer is always one empty page (a truncated page of a full prefix is what
        // some S3-compatible servers get wrong).
        await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _location.ObjectKey("readiness-check/"), MaxKeys = 1 }, ct);

    public async Task<bool> ExistsAsync(string key, CancellationToken ct)
    {
        var objectKey = _location.ObjectKey(BlobKeys.Checked(key));
        try
        {
            await _client.GetObjectMetadataAsync(_location.Bucket, objectKey, ct);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        var objectKey = _location.ObjectKey(BlobKeys.Checked(key));
        try
        {
            // S3 answers a delete of a missing object with success; some compatible servers answer 404.
            await _client.DeleteObjectAsync(_location.Bucket, objectKey, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or null or "")
        {
        }
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = _location.Bucket, Prefix = _location.KeyPrefix, MaxKeys = 1000 };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                var key = item.Key[_location.KeyPrefix.Length..];
                if (BlobKeys.IsValid(key))
                {
                    yield return new StoredBlob(key, item.Size ?? 0, item.LastModified is { } modified
                        ? new DateTimeOffset(DateTime.SpecifyKind(modified.ToUniversalTime(), DateTimeKind.Utc))
                        : DateTimeOffset.MinValue);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public string PresignDownload(DownloadGrant grant, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _location.Bucket,
            Key = _location.ObjectKey(BlobKeys.Checked(grant.BlobKey)),
            Verb = HttpVerb.GET,
            Expires = expiresAt.UtcDateTime,
            Protocol = _http ? Protocol.HTTP : Protocol.HTTPS,
        };
        // The store serves the file as Hangar's own route would: as a download with the grant's name and type.
        request.ResponseHeaderOverrides.ContentType = grant.ContentType;
        request.ResponseHeaderOverrides.ContentDisposition = ContentDisposition(grant.FileName);
        request.ResponseHeaderOverrides.CacheControl = "no-store";
        return _client.GetPreSignedURL(request);
    }

    public void Dispose() => _client.Dispose();

    /// <summary><c>attachment</c> with an ASCII stand-in name and the exact name in RFC 5987 form.</summary>
    public static string ContentDisposition(string fileName)
    {
        var ascii = new string(fileName.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray());
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }

    private async Task<long> PutMultipartAsync(string objectKey, Stream content, byte[] buffer, int filled, IncrementalHash hash, CancellationToken ct)
    {
        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _location.Bucket, Key = objectKey, ContentType = "application/octet-stream",
        }, ct);
        try
        {
            var parts = new List<PartETag>();
            long size = 0;
            do
            {
                if (parts.Count == MaxParts)
                {
                    throw new IOException($"The file is larger than {MaxParts} parts of {PartSize} bytes.");
                }

                var number = parts.Count + 1;
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _location.Bucket,
                    Key = objectKey,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    PartSize = filled,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(number, part.ETag));
                size += filled;
                if (filled < PartSize)
                {
                    break;
                }

                filled = await FillAsync(content, buffer, 0, PartSize, hash, ct);
            }
            while (filled > 0);

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _location.Bucket, Key = objectKey, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
            return size;
        }
        catch
        {
            // Nothing of a failed upload stays (its parts would cost space, unseen, until a lifecycle rule removes them).
            await AbortQuietlyAsync(objectKey, upload.UploadId);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string objectKey, string uploadId)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _location.Bucket, Key = objectKey, UploadId = uploadId },
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException)
        {
            // The upload's own failure is the one to report; a bucket lifecycle rule removes parts left behind.
        }
    }

    /// <summary>Reads into the buffer from <paramref name="filled"/> until <paramref name="limit"/> bytes are there or the content ends; answers how many are there.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int filled, int limit, IncrementalHash hash, CancellationToken ct)
    {
        int read;
        while (filled < limit && (read = await content.ReadAsync(buffer.AsMemory(filled, limit - filled), ct)) > 0)
        {
            hash.AppendData(buffer, filled, read);
            filled += read;
        }

        return filled;
    }
}
