using System.Security.Cryptography;
using Hangar.Core.Storage;
using Hangar.Storage.Blobs;
using Hangar.TestSupport;

namespace Hangar.Storage.Tests;

/// <summary>The filesystem blob store: whole blobs or none, and no key that leads outside its folder.</summary>
public sealed class BlobStoreTests : IDisposable
{
    private readonly string _root = TempDirectory.Create("hangar-blob-store");
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Put_StoresTheBytes_AndReportsSizeAndSha256()
    {
        var store = new FileSystemBlobStore(_root);
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var info = await store.PutAsync("ws/a/packages/v1.zip", new MemoryStream(bytes), _ct);
        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Sha256);
        Assert.True(await store.ExistsAsync("ws/a/packages/v1.zip", _ct));

        await using var blob = await store.OpenReadAsync("ws/a/packages/v1.zip", _ct);
        Assert.Equal(bytes.Length, blob!.Size);
        var read = new MemoryStream();
        await blob.Content.CopyToAsync(read, _ct);
        Assert.Equal(bytes, read.ToArray());
        Assert.True(File.Exists(Path.Combine(_root, "ws", "a", "packages", "v1.zip")));
    }

    [Fact]
    public async Task Put_ReplacesAnExistingBlob_AndDelete_RemovesIt()
    {
        var store = new FileSystemBlobStore(_root);
        await store.PutAsync("k/one.bin", new MemoryStream([1, 2, 3]), _ct);
        await store.PutAsync("k/one.bin", new MemoryStream([4, 5]), _ct);
        await using (var blob = await store.OpenReadAsync("k/one.bin", _ct))
        {
            Assert.Equal(2, blob!.Size);
        }

        await store.DeleteAsync("k/one.bin", _ct);
        Assert.False(await store.ExistsAsync("k/one.bin", _ct));
        Assert.Null(await store.OpenReadAsync("k/one.bin", _ct));
        await store.DeleteAsync("k/one.bin", _ct);
        await store.DeleteAsync("never/was/there.bin", _ct);
    }

    [Fact]
    public async Task Delete_RemovesTheBlobsFolder_OnceItsLastBlobIsGone()
    {
        var store = new FileSystemBlobStore(_root);
        await store.PutAsync("ws/a/artifacts/s1/one", new MemoryStream([1]), _ct);
        await store.PutAsync("ws/a/artifacts/s1/two", new MemoryStream([2]), _ct);
        await store.DeleteAsync("ws/a/artifacts/s1/one", _ct);
        Assert.True(Directory.Exists(Path.Combine(_root, "ws", "a", "artifacts", "s1")));
        await store.DeleteAsync("ws/a/artifacts/s1/two", _ct);
        Assert.False(Directory.Exists(Path.Combine(_root, "ws", "a", "artifacts", "s1")));
        Assert.True(Directory.Exists(Path.Combine(_root, "ws", "a", "artifacts")));

        // A blob written there afterwards gets its folder back.
        await store.PutAsync("ws/a/artifacts/s1/three", new MemoryStream([3]), _ct);
        Assert.True(await store.ExistsAsync("ws/a/artifacts/s1/three", _ct));
    }

    [Fact]
    public async Task AFailedPut_LeavesNeitherABlobNorATemporaryFile()
    {
        var store = new FileSystemBlobStore(_root);
        await Assert.ThrowsAsync<IOException>(() => store.PutAsync("ws/a/broken.zip", new FailingStream(100_000), _ct));
        Assert.False(await store.ExistsAsync("ws/a/broken.zip", _ct));
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
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
        var store = new FileSystemBlobStore(_root);
        Assert.False(BlobKeys.IsValid(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync(key, _ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, _ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    public void Dispose() => TempDirectory.TryDelete(_root);

    /// <summary>Yields some bytes, then fails as a dropped connection does.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : Stream
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
}
