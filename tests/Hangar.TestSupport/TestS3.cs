using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Hangar.Storage.Blobs;

namespace Hangar.TestSupport;

/// <summary>
/// A bucket of its own for one test on the S3-compatible server that <c>./test.sh</c> starts
/// (<c>HANGAR_TEST_S3_ENDPOINT</c>, with its credentials in <c>HANGAR_TEST_S3_ACCESS_KEY_ID</c> and
/// <c>HANGAR_TEST_S3_SECRET_ACCESS_KEY</c>). Emptied and removed on dispose.
/// </summary>
public sealed class TestS3 : IAsyncDisposable
{
    public const string EndpointVariable = "HANGAR_TEST_S3_ENDPOINT";

    private readonly AmazonS3Client _client;

    private TestS3(AmazonS3Client client, string bucket, string prefix)
    {
        _client = client;
        Bucket = bucket;
        Location = new S3BlobLocation(bucket, prefix);
    }

    public string Bucket { get; }

    public S3BlobLocation Location { get; }

    public static string Endpoint => Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{EndpointVariable} is not set. Run the tests with ./test.sh, which starts an S3-compatible server.");

    public static string AccessKeyId => Environment.GetEnvironmentVariable("HANGAR_TEST_S3_ACCESS_KEY_ID") ?? string.Empty;

    public static string SecretAccessKey => Environment.GetEnvironmentVariable("HANGAR_TEST_S3_SECRET_ACCESS_KEY") ?? string.Empty;

    public static AWSCredentials Credentials => new BasicAWSCredentials(AccessKeyId, SecretAccessKey);

    /// <summary>A new, empty bucket; its blobs go under <paramref name="prefix"/>.</summary>
    public static async Task<TestS3> CreateAsync(string prefix = "hangar")
    {
        var client = new AmazonS3Client(Credentials, new AmazonS3Config
        {
            ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        var bucket = "hangar-test-" + Guid.NewGuid().ToString("N")[..20];
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return new TestS3(client, bucket, prefix);
    }

    /// <summary>Settings for a store on this bucket, credentials given explicitly (as the AWS chain would find them).</summary>
    public S3Settings Settings(string? prefix = null) => new()
    {
        Location = prefix is null ? Location : Location with { Prefix = prefix },
        Endpoint = Endpoint,
        ForcePathStyle = true,
        Credentials = Credentials,
    };

    /// <summary>The environment a <c>hangar</c> process needs to reach this bucket through the AWS credential chain.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["HANGAR_S3_ENDPOINT"] = Endpoint,
        ["HANGAR_S3_FORCE_PATH_STYLE"] = "true",
    };

    /// <summary>Every object key in the bucket (prefix included).</summary>
    public async Task<IReadOnlyList<string>> ObjectKeysAsync()
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true)
            {
                return keys;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>Writes an object behind Hangar's back (a test's stand-in for leftovers or other tools).</summary>
    public Task PutObjectAsync(string objectKey, byte[] content) => _client.PutObjectAsync(new PutObjectRequest
    {
        BucketName = Bucket, Key = objectKey, InputStream = new MemoryStream(content), UseChunkEncoding = false,
    });

    public Task DeleteObjectAsync(string objectKey) => _client.DeleteObjectAsync(Bucket, objectKey);

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var key in await ObjectKeysAsync())
            {
                await _client.DeleteObjectAsync(Bucket, key);
            }

            await _client.DeleteBucketAsync(Bucket);
        }
        catch (AmazonServiceException)
        {
            // The server is a throwaway one; a bucket left behind goes with it.
        }

        _client.Dispose();
    }
}
