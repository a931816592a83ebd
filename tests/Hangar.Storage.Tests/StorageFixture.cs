using Hangar.Core;
using Hangar.Core.Security;
using Hangar.Storage;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>A migrated database of one provider with the stores and services over it, shared by one test class.</summary>
public abstract class StorageFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;
    private string? _blobDirectory;

    public DatabaseSettings Settings => _database!.Settings;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(MasterKey.Generate());
        services.AddHangarStorage(_database.Settings);
        _blobDirectory = TempDirectory.Create("hangar-blobs");
        services.AddFileSystemBlobStore(_blobDirectory);
        services.AddHangarCore();
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<HangarDbContext>(), _database.Settings, CancellationToken.None);
    }

    /// <summary>Where the file system blob store keeps its files.</summary>
    public string BlobDirectory => _blobDirectory!;

    /// <summary>The root services (singletons such as the blob store).</summary>
    public IServiceProvider Services => _services!;

    /// <summary>A fresh unit of work, as one request gets.</summary>
    public AsyncServiceScope Scope() => _services!.CreateAsyncScope();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_blobDirectory is not null)
        {
            TempDirectory.TryDelete(_blobDirectory);
        }
    }
}

public sealed class SqliteStorageFixture() : StorageFixture(DatabaseProvider.Sqlite);

public sealed class PostgresStorageFixture() : StorageFixture(DatabaseProvider.Postgres);
