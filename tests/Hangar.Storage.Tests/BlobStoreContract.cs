using System.Security.Cryptography;
using Hangar.Core.Storage;

namespace Hangar.Storage.Tests;

/// <summary>
/// What every blob store does, whatever keeps the bytes: whole blobs or none, listed with size and time, and no key
/// that leads outside its folder or prefix. Each store's test class runs these against a real store of its kind.
/// </summary>
public abstract class BlobStoreContract : IAsyncLifetime
{
    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Put_StoresTheBytes_AndReportsSizeAndSha256()
    {
        var store = await CreateStoreAsync();
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var info = await store.PutAsync("ws/a/packages/v1.zip", new MemoryStream(bytes), Ct);
        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Sha256);
        Assert.True(await store.ExistsAsync("ws/a/packages/v1.zip", Ct));
        Assert.Equal(bytes, await ReadAllAsync(store, "ws/a/packages/v1.zip"));
    }

    [Fact]
    public async Task Put_OfAnEmptyBlob_StoresIt()
    {
        var store = await CreateStoreAsync();
        var info = await store.PutAsync("ws/a/empty", new MemoryStream(), Ct);
        Assert.Equal(0, info.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>())), info.Sha256);
        Assert.Empty(await ReadAllAsync(store, "ws/a/empty"));
    }

    [Fact]
    public async Task Put_OfABlobLargerThanOnePart_StreamsItWhole()
    {
        // Larger than the S3 store's part (a multipart upload there), read from a stream that cannot seek, as uploads are.
        var store = await CreateStoreAsync();
        var bytes = RandomNumberGenerator.GetBytes(2 * Blobs.S3BlobStore.PartSize + 12_345);
        var info = await store.PutAsync("ws/a/artifacts/s1/big.bin", new TrickleStream(bytes), Ct);
        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(store, "ws/a/artifacts/s1/big.bin"));
    }

    [Theory]
    [InlineData(256 * 1024)]
    [InlineData(256 * 1024 + 1)]
    [InlineData(Blobs.S3BlobStore.PartSize)]
    [InlineData(2 * Blobs.S3BlobStore.PartSize)]
    public async Task Put_OfABlobAtABufferBoundary_StoresItWhole(int size)
    {
        var store = await CreateStoreAsync();
        var bytes = RandomNumberGenerator.GetBytes(size);
        var info = await store.PutAsync("ws/a/edge.bin", new TrickleStream(bytes), Ct);
        Assert.Equal(size, info.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(store, "ws/a/edge.bin"));
    }

    [Fact]
    public async Task Put_ReplacesAnExistingBlob_AndDelete_RemovesIt()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("k/one.bin", new MemoryStream([1, 2, 3]), Ct);
        await store.PutAsync("k/one.bin", new MemoryStream([4, 5]), Ct);
        await using (var blob = await store.OpenReadAsync("k/one.bin", Ct))
        {
            Assert.Equal(2, blob!.Size);
        }

        await store.DeleteAsync("k/one.bin", Ct);
        Assert.False(await store.ExistsAsync("k/one.bin", Ct));
        Assert.Null(await store.OpenReadAsync("k/one.bin", Ct));
        await store.DeleteAsync("k/one.bin", Ct);
        await store.DeleteAsync("never/was/there.bin", Ct);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(Blobs.S3BlobStore.PartSize + 100_000)]
    public async Task AFailedPut_LeavesNoBlob(int bytesBeforeFailure)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("ws/a/broken.zip", new FailingStream(bytesBeforeFailure), Ct));
        Assert.False(await store.ExistsAsync("ws/a/broken.zip", Ct));
        Assert.Empty(await ListAsync(store));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task List_NamesEveryBlob_WithItsSizeAndTime()
    {
        var store = await CreateStoreAsync();
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store.PutAsync("ws/a/packages/v1.zip", new MemoryStream(new byte[10]), Ct);
        await store.PutAsync("ws/a/artifacts/s1/one", new MemoryStream(new byte[20]), Ct);
        await store.PutAsync("ws/b/work-items/i1/f1", new MemoryStream(new byte[30]), Ct);
        await store.DeleteAsync("ws/a/packages/v1.zip", Ct);

        var listed = (await ListAsync(store)).OrderBy(b => b.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["ws/a/artifacts/s1/one", "ws/b/work-items/i1/f1"], listed.Select(b => b.Key));
        Assert.Equal([20L, 30L], listed.Select(b => b.Size));
        Assert.All(listed, b => Assert.InRange(b.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Theory]
    [InlineData("../outside.zip")]
    [InlineData("ws/../../outside.zip")]
    [InlineData("/etc/passwd")]
    [InlineData("ws//a.zip")]
    [InlineData("ws/a.zip/")]
    [InlineData(".tmp/x")]
    [InlineData("ws/.hidden")]
    [InlineData("ws\\a.zip")]
    [InlineData("ws/a b.zip")]
    [InlineData("")]
    public async Task KeysThatCouldLeaveTheFolder_AreRefusedByEveryOperation(string key)
    {
        var store = await CreateStoreAsync();
        Assert.False(BlobKeys.IsValid(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, Ct));
        await AssertNothingStoredAsync();
    }

    /// <summary>Asserts, behind the store's back, that it holds nothing at all (no blob, no leftover).</summary>
    protected abstract Task AssertNothingStoredAsync();

    protected static async Task<byte[]> ReadAllAsync(IBlobStore store, string key)
    {
        await using var blob = await store.OpenReadAsync(key, Ct);
        Assert.NotNull(blob);
        var read = new MemoryStream();
        await blob.Content.CopyToAsync(read, Ct);
        Assert.Equal(read.Length, blob.Size);
        return read.ToArray();
    }

    protected static async Task<List<StoredBlob>> ListAsync(IBlobStore store)
    {
        var listed = new List<StoredBlob>();
        await foreach (var blob in store.ListAsync(Ct))
        {
            listed.Add(blob);
        }

        return listed;
    }

    /// <summary>Yields some bytes, then fails as a dropped connection does.</summary>
    protected sealed class FailingStream(int bytesBeforeFailure) : Stream
    {
        private int _left = bytesBeforeFailure;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(count, _left);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A stream that cannot seek and hands out at most 64 KiB a read, as a request body does.</summary>
    protected sealed class TrickleStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 64 * 1024), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
