using Hangar.Core.Assets;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Assets and their uploads in storage, on SQLite and PostgreSQL.</summary>
public abstract class AssetStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Names_AreUniquePerWorkspace_AndAnUploadCompletesOnce()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var now = DateTimeOffset.UtcNow;
        var asset = new Asset { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "config", CreatedAt = now, UpdatedAt = now };
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAssetStore>();
            await store.AddAsync(asset, _ct);
            var twin = new Asset { Id = Ids.New(), WorkspaceId = workspace.Id, Name = "config", CreatedAt = now, UpdatedAt = now };
            var refused = await Assert.ThrowsAsync<HangarException>(() => store.AddAsync(twin, _ct));
            Assert.Equal("asset_exists", refused.Code);
        }

        var first = Upload(asset);
        var second = Upload(asset);
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAssetStore>();
            await store.AddUploadAsync(first, _ct);
            await store.AddUploadAsync(second, _ct);
            Assert.Equal((true, (string?)null), await store.CompleteUploadAsync(first, "k1", new string('a', 64), 3, now, _ct));
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAssetStore>();
            Assert.Equal((false, (string?)null), await store.CompleteUploadAsync(first, "k9", new string('c', 64), 9, now, _ct));
            Assert.Equal((true, "k1"), await store.CompleteUploadAsync(second, "k2", new string('b', 64), 5, now, _ct));
            var stored = await store.FindByNameAsync(workspace.Id, "config", _ct);
            Assert.Equal(("k2", 5L, "text/plain"), (stored!.BlobKey, stored.Size, stored.ContentType));
            Assert.Equal(AssetUploadStatus.Completed, (await store.FindUploadAsync(workspace.Id, first.Id, _ct))!.Status);
            await store.DeleteAsync(stored, _ct);
            Assert.Null(await store.FindUploadAsync(workspace.Id, second.Id, _ct));
        }
    }

    private static AssetUpload Upload(Asset asset) => new()
    {
        Id = Ids.New(), WorkspaceId = asset.WorkspaceId, AssetId = asset.Id, ContentType = "text/plain", Status = AssetUploadStatus.Pending,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}

public sealed class AssetStoreTests_Sqlite(SqliteStorageFixture fixture) : AssetStoreTests<SqliteStorageFixture>(fixture);

public sealed class AssetStoreTests_Postgres(PostgresStorageFixture fixture) : AssetStoreTests<PostgresStorageFixture>(fixture);
