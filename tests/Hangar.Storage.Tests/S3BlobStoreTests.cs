using System.Security.Cryptography;
using Hangar.Core.Storage;
using Hangar.Storage.Blobs;
using Hangar.TestSupport;

namespace Hangar.Storage.Tests;

/// <summary>
/// The blob store contract on the S3 store against a real S3-compatible server (the one <c>./test.sh</c> starts), and
/// what only S3 has: the key prefix and presigned downloads.
/// </summary>
public sealed class S3BlobStoreTests : BlobStoreContract
{
    private TestS3? _s3;
    private readonly List<S3BlobStore> _stores = [];

    public override async Task InitializeAsync() => _s3 = await TestS3.CreateAsync();

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(Store(null));

    // No object at all in the bucket, under the prefix or elsewhere.
    protected override async Task AssertNothingStoredAsync() => Assert.Empty(await _s3!.ObjectKeysAsync());

    [Fact]
    public async Task Put_KeepsTheBlobUnderThePrefix_AndAStoreOnAnotherPrefixDoesNotSeeIt()
    {
        var store = Store(null);
        await store.PutAsync("ws/a/packages/v1.zip", new MemoryStream([1, 2, 3]), Ct);
        Assert.Equal(["hangar/ws/a/packages/v1.zip"], await _s3!.ObjectKeysAsync());

        var other = Store("other/install");
        Assert.False(await other.ExistsAsync("ws/a/packages/v1.zip", Ct));
        Assert.Empty(await ListAsync(other));
        await other.PutAsync("ws/a/packages/v1.zip", new MemoryStream([9]), Ct);
        Assert.Equal([1, 2, 3], await ReadAllAsync(store, "ws/a/packages/v1.zip"));
        Assert.Equal(["ws/a/packages/v1.zip"], (await ListAsync(store)).Select(b => b.Key));
    }

    [Fact]
    public async Task List_LeavesOutObjectsThatAreNoBlobKeys()
    {
        var store = Store(null);
        await store.PutAsync("ws/a/one", new MemoryStream([1]), Ct);
        await _s3!.PutObjectAsync("hangar/ws/a b", [1]);
        await _s3.PutObjectAsync("elsewhere/ws/a/two", [1]);
        Assert.Equal(["ws/a/one"], (await ListAsync(store)).Select(b => b.Key));
    }

    [Fact]
    public async Task PresignedDownload_ServesTheBlob_AsADownloadWithItsNameAndType()
    {
        var store = Store(null);
        var bytes = RandomNumberGenerator.GetBytes(5_000);
        await store.PutAsync("ws/a/artifacts/s1/f1", new MemoryStream(bytes), Ct);
        var url = store.PresignDownload(new DownloadGrant("ws/a/artifacts/s1/f1", "report é.pdf", "application/pdf"), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.StartsWith(TestS3.Endpoint, url, StringComparison.Ordinal);

        // No credential on the request: the URL is the permission, as with Hangar's own signed URLs.
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("report é.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }

    private S3BlobStore Store(string? prefix)
    {
        var store = new S3BlobStore(_s3!.Settings(prefix));
        _stores.Add(store);
        return store;
    }
}
