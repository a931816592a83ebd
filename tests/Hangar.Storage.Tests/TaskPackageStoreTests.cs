using System.Security.Cryptography;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Packages;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Core.Stores;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Task packages, their versions and single-use upload grants in storage, on SQLite and PostgreSQL.</summary>
public abstract class TaskPackageStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private static Caller Admin(User owner) => new() { Kind = CallerKind.User, Id = owner.Id, Name = owner.Username, UserId = owner.Id };

    [Fact]
    public async Task Versions_AreNumbered_BecomeTheLatest_AndListNewestFirst()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var package = await CreatePackageAsync(owner, workspace);
        var ids = new List<string>();
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
            for (var n = 1; n <= 3; n++)
            {
                var tracked = (await store.FindAsync(workspace.Id, package.Id, _ct))!;
                Assert.Equal(n - 1, await store.LastVersionNumberAsync(workspace.Id, package.Id, _ct));
                var version = NewVersion(tracked, n);
                await store.AddVersionAsync(tracked, version, Grant(), _ct);
                ids.Add(version.Id);
            }
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
            Assert.Equal(ids[^1], (await store.FindAsync(workspace.Id, package.Id, _ct))!.LatestVersionId);
            var first = await store.ListVersionsAsync(workspace.Id, package.Id, new PageRequest(null, 2), _ct);
            var rest = await store.ListVersionsAsync(workspace.Id, package.Id, new PageRequest(first.NextAfter(v => v.Id), 2), _ct);
            Assert.Equal([3, 2, 1], first.Items.Concat(rest.Items).Select(v => v.Number));
            Assert.Equal(["Run", "Report"], first.Items[0].Tasks);

            var found = await store.FindVersionsAsync(workspace.Id, [ids[0], ids[2], Ids.New()], _ct);
            Assert.Equal([ids[0], ids[2]], found.Select(v => v.Id).Order(StringComparer.Ordinal));
            Assert.Empty(await store.FindVersionsAsync(Ids.New(), ids, _ct));
            Assert.Equal(3, (await store.ListBlobKeysAsync(workspace.Id, package.Id, _ct)).Count);
        }
    }

    [Fact]
    public async Task AGrantUsedOnce_RefusesASecondVersion_AndATakenNumberIsAConflict()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var package = await CreatePackageAsync(owner, workspace);
        var grant = Grant();
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
            var tracked = (await store.FindAsync(workspace.Id, package.Id, _ct))!;
            await store.AddVersionAsync(tracked, NewVersion(tracked, 1), grant, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
            var tracked = (await store.FindAsync(workspace.Id, package.Id, _ct))!;
            var reused = await Assert.ThrowsAsync<HangarException>(() => store.AddVersionAsync(tracked, NewVersion(tracked, 2), grant, _ct));
            Assert.Equal("upload_url_used", reused.Code);
            Assert.Equal(ErrorKind.Forbidden, reused.Kind);

            tracked = (await store.FindAsync(workspace.Id, package.Id, _ct))!;
            var taken = await Assert.ThrowsAsync<HangarException>(() => store.AddVersionAsync(tracked, NewVersion(tracked, 1), Grant(), _ct));
            Assert.Equal("version_taken", taken.Code);
            Assert.True(await scope.ServiceProvider.GetRequiredService<IUploadGrantStore>().IsUsedAsync(grant.Id, _ct));
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ITaskPackageStore>();
            Assert.Equal(1, await store.LastVersionNumberAsync(workspace.Id, package.Id, _ct));
        }
    }

    [Fact]
    public async Task ExpiredGrants_AreForgotten()
    {
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var now = DateTimeOffset.UtcNow;
        var old = new UsedUploadGrant { Id = Ids.New(), UsedAt = now.AddHours(-2), ExpiresAt = now.AddHours(-1) };
        var fresh = new UsedUploadGrant { Id = Ids.New(), UsedAt = now, ExpiresAt = now.AddMinutes(10) };
        db.UsedUploadGrants.AddRange(old, fresh);
        await db.SaveChangesAsync(_ct);
        var grants = scope.ServiceProvider.GetRequiredService<IUploadGrantStore>();
        Assert.True(await grants.DeleteExpiredAsync(now, _ct) >= 1);
        Assert.False(await grants.IsUsedAsync(old.Id, _ct));
        Assert.True(await grants.IsUsedAsync(fresh.Id, _ct));
    }

    [Fact]
    public async Task AnUpload_StoresTheZipAndItsVersion_AndDelete_RemovesBoth()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var package = await CreatePackageAsync(owner, workspace);
        var zip = RobotZips.Valid("one");
        TaskPackageVersion version;
        await using (var scope = fixture.Scope())
        {
            var service = scope.ServiceProvider.GetRequiredService<TaskPackageService>();
            var grant = await service.GrantUploadAsync(Admin(owner), workspace.Id, package.Id, _ct);
            version = await service.UploadAsync(grant, DateTimeOffset.UtcNow.AddMinutes(5), new MemoryStream(zip), "10.0.0.1", _ct);
            Assert.Equal(1, version.Number);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(zip)), version.Sha256);
            Assert.Equal(zip.Length, version.Size);
            Assert.Equal(["Run all tasks", "Produce data"], version.Tasks);
            Assert.Equal(owner.Username, version.UploadedByName);

            var again = await Assert.ThrowsAsync<HangarException>(() =>
                service.UploadAsync(grant, DateTimeOffset.UtcNow.AddMinutes(5), new MemoryStream(zip), null, _ct));
            Assert.Equal("upload_url_used", again.Code);
        }

        var blobs = fixture.Services.GetRequiredService<IBlobStore>();
        Assert.True(await blobs.ExistsAsync(version.BlobKey, _ct));
        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<TaskPackageService>().DeleteAsync(Admin(owner), workspace.Id, package.Id, _ct);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<ITaskPackageStore>().FindVersionAsync(workspace.Id, version.Id, _ct));
        }

        Assert.False(await blobs.ExistsAsync(version.BlobKey, _ct));
    }

    [Fact]
    public async Task ARefusedUpload_LeavesNoVersion_NoBlob_AndNoSpoolFile()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var package = await CreatePackageAsync(owner, workspace);
        var spool = fixture.Services.GetRequiredService<TaskPackageOptions>().SpoolDirectory;
        var before = Directory.Exists(spool) ? Directory.GetFiles(spool, "upload-*").Length : 0;
        await using var scope = fixture.Scope();
        var service = scope.ServiceProvider.GetRequiredService<TaskPackageService>();
        var grant = await service.GrantUploadAsync(Admin(owner), workspace.Id, package.Id, _ct);
        foreach (var (content, code) in new[]
                 {
                     (System.Text.Encoding.UTF8.GetBytes("not a zip"), "invalid_zip"),
                     (RobotZips.Build(("readme.md", "no robot here")), "missing_robot_yaml"),
                     (RobotZips.Valid(robotYaml: "tasks:\n  Broken: {}\n"), "invalid_task"),
                 })
        {
            var error = await Assert.ThrowsAsync<HangarException>(() =>
                service.UploadAsync(grant, DateTimeOffset.UtcNow.AddMinutes(5), new MemoryStream(content), null, _ct));
            Assert.Equal(code, error.Code);
        }

        var tooLarge = await Assert.ThrowsAsync<HangarException>(() =>
            service.UploadAsync(grant with { MaxBytes = 100 }, DateTimeOffset.UtcNow.AddMinutes(5), new MemoryStream(RobotZips.Valid()), null, _ct));
        Assert.Equal(ErrorKind.PayloadTooLarge, tooLarge.Kind);

        Assert.Empty((await service.ListVersionsAsync(workspace.Id, package.Id, PageRequest.First(), _ct)).Items);
        Assert.False(await scope.ServiceProvider.GetRequiredService<IUploadGrantStore>().IsUsedAsync(grant.Id, _ct));
        Assert.Equal(before, Directory.Exists(spool) ? Directory.GetFiles(spool, "upload-*").Length : 0);
    }

    [Fact]
    public async Task PackageNames_AreUniquePerWorkspace()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var (_, otherOwner, other) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var service = scope.ServiceProvider.GetRequiredService<TaskPackageService>();
        await service.CreateAsync(Admin(owner), workspace.Id, "Invoices", _ct);
        await service.CreateAsync(Admin(otherOwner), other.Id, "Invoices", _ct);
        var taken = await Assert.ThrowsAsync<HangarException>(() => service.CreateAsync(Admin(owner), workspace.Id, "Invoices", _ct));
        Assert.Equal("name_taken", taken.Code);
    }

    private async Task<TaskPackage> CreatePackageAsync(User owner, Workspace workspace)
    {
        await using var scope = fixture.Scope();
        return await scope.ServiceProvider.GetRequiredService<TaskPackageService>().CreateAsync(Admin(owner), workspace.Id, Seed.Unique("robot"), _ct);
    }

    private static UsedUploadGrant Grant() =>
        new() { Id = Ids.New(), UsedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(15) };

    private static TaskPackageVersion NewVersion(TaskPackage package, int number)
    {
        var id = Ids.New();
        return new TaskPackageVersion
        {
            Id = id,
            TaskPackageId = package.Id,
            WorkspaceId = package.WorkspaceId,
            Number = number,
            Sha256 = new string('a', 64),
            Size = 10,
            BlobKey = BlobKeys.TaskPackageVersion(package.WorkspaceId, id),
            RobotRoot = string.Empty,
            Tasks = ["Run", "Report"],
            UploadedByType = "user",
            UploadedAt = DateTimeOffset.UtcNow,
        };
    }
}

public sealed class TaskPackageStoreTests_Sqlite(SqliteStorageFixture fixture) : TaskPackageStoreTests<SqliteStorageFixture>(fixture);

public sealed class TaskPackageStoreTests_Postgres(PostgresStorageFixture fixture) : TaskPackageStoreTests<PostgresStorageFixture>(fixture);
