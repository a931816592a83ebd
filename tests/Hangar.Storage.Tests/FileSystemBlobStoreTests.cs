using Hangar.Core.Storage;
using Hangar.Storage.Blobs;
using Hangar.TestSupport;

namespace Hangar.Storage.Tests;

/// <summary>The blob store contract on the filesystem store, and what only a folder of files has: files and their folders.</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract
{
    private readonly string _root = TempDirectory.Create("hangar-blob-store");

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new FileSystemBlobStore(_root));

    // No blob and no temporary file either.
    protected override Task AssertNothingStoredAsync()
    {
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Put_KeepsTheBlobAsAFileUnderItsKey()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("ws/a/packages/v1.zip", new MemoryStream([1, 2, 3]), Ct);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_root, "ws", "a", "packages", "v1.zip")));
    }

    [Fact]
    public async Task Delete_RemovesTheBlobsFolder_OnceItsLastBlobIsGone()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("ws/a/artifacts/s1/one", new MemoryStream([1]), Ct);
        await store.PutAsync("ws/a/artifacts/s1/two", new MemoryStream([2]), Ct);
        await store.DeleteAsync("ws/a/artifacts/s1/one", Ct);
        Assert.True(Directory.Exists(Path.Combine(_root, "ws", "a", "artifacts", "s1")));
        await store.DeleteAsync("ws/a/artifacts/s1/two", Ct);
        Assert.False(Directory.Exists(Path.Combine(_root, "ws", "a", "artifacts", "s1")));
        Assert.True(Directory.Exists(Path.Combine(_root, "ws", "a", "artifacts")));

        // A blob written there afterwards gets its folder back.
        await store.PutAsync("ws/a/artifacts/s1/three", new MemoryStream([3]), Ct);
        Assert.True(await store.ExistsAsync("ws/a/artifacts/s1/three", Ct));
    }

    [Fact]
    public async Task List_LeavesOutSpooledPartsAndFilesThatAreNoKeys()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("ws/a/one", new MemoryStream([1]), Ct);
        Directory.CreateDirectory(Path.Combine(_root, ".tmp"));
        await File.WriteAllBytesAsync(Path.Combine(_root, ".tmp", "x.part"), [1]);
        await File.WriteAllBytesAsync(Path.Combine(_root, "ws", "a b"), [1]);
        Assert.Equal(["ws/a/one"], (await ListAsync(store)).Select(b => b.Key));
    }

    public override Task DisposeAsync()
    {
        TempDirectory.TryDelete(_root);
        return Task.CompletedTask;
    }
}
