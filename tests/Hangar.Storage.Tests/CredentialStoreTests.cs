using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.RequestReplay;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>API keys, access credentials and process secrets in storage, on SQLite and PostgreSQL.</summary>
public abstract class CredentialStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private static Caller Admin(User owner) => new() { Kind = CallerKind.User, Id = owner.Id, Name = owner.Username, UserId = owner.Id };

    [Fact]
    public async Task ApiKey_IsFoundByHash_KeepsItsPermissions_AndCountsUsageInBatches()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        string id;
        string value;
        await using (var scope = fixture.Scope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            var grant = new WorkspaceGrant(workspace.Id, Permissions.AllNames, true);
            var (key, plain) = await keys.CreateAsync(Admin(owner), grant, "ci", ["read_runs", Permissions.TriggerProcesses], null, _ct);
            (id, value) = (key.Id, plain);
        }

        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IApiKeyStore>();
            var found = await store.FindByHashAsync(SecretHashing.Sha256Hex(value), _ct);
            Assert.Equal(id, found!.Id);
            Assert.Equal([Permissions.ReadRuns, Permissions.TriggerProcesses], found.Permissions);
            Assert.NotEqual(value, System.Text.Encoding.UTF8.GetString(found.EncryptedKey));

            var early = DateTimeOffset.UtcNow.AddMinutes(-1);
            var late = DateTimeOffset.UtcNow;
            await store.ApplyUsageAsync([new ApiKeyUsage(id, 3, late, "10.0.0.2")], _ct);
            await store.ApplyUsageAsync([new ApiKeyUsage(id, 2, early, "10.0.0.1"), new ApiKeyUsage(Ids.New(), 1, late, null)], _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var key = await scope.ServiceProvider.GetRequiredService<IApiKeyStore>().FindAsync(workspace.Id, id, _ct);
            Assert.Equal(5, key!.UsageCount);
            Assert.Equal("10.0.0.2", key.LastUsedIp);
        }
    }

    [Fact]
    public async Task ApiKeys_ListOnlyTheirWorkspace_AndGoWithIt()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var (_, otherOwner, other) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        for (var i = 0; i < 3; i++)
        {
            await keys.CreateAsync(Admin(owner), new WorkspaceGrant(workspace.Id, Permissions.AllNames, true), $"k{i}", ["read_runs"], null, _ct);
        }

        await keys.CreateAsync(Admin(otherOwner), new WorkspaceGrant(other.Id, Permissions.AllNames, true), "theirs", ["read_runs"], null, _ct);
        var first = await keys.ListAsync(workspace.Id, new PageRequest(null, 2), _ct);
        var rest = await keys.ListAsync(workspace.Id, new PageRequest(first.NextAfter(k => k.Id), 2), _ct);
        Assert.Equal(["k0", "k1", "k2"], first.Items.Concat(rest.Items).Select(k => k.Name));

        var workspaces = scope.ServiceProvider.GetRequiredService<IWorkspaceStore>();
        await workspaces.DeleteAsync((await workspaces.FindAsync(workspace.Id, _ct))!, _ct);
        Assert.Empty((await keys.ListAsync(workspace.Id, PageRequest.First(), _ct)).Items);
    }

    [Fact]
    public async Task AccessCredential_IsFoundByIdentifier_AndItsSecretDecrypts()
    {
        var (_, owner, _) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var service = scope.ServiceProvider.GetRequiredService<AccessCredentialService>();
        var (credential, value) = await service.CreateAsync(Admin(owner), "rcc", _ct);
        var identifier = value.Split(':')[0];
        var found = await scope.ServiceProvider.GetRequiredService<IAccessCredentialStore>().FindByIdentifierAsync(identifier, _ct);
        Assert.Equal(credential.Id, found!.Id);

        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = RequestSignature.Compute(value.Split(':')[1], "POST", "/token-vendor-v1/user/tokenrequest", timestamp, "{}"u8);
        var check = await service.AuthenticateSignedAsync(identifier, signature, "POST", "/token-vendor-v1/user/tokenrequest", timestamp, "{}"u8.ToArray(), "127.0.0.1", _ct);
        Assert.Equal(owner.Id, check.Caller!.UserId);
    }

    [Fact]
    public async Task ProcessSecret_RotatesAndRevokes()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var processId = Ids.New();
        await using var scope = fixture.Scope();
        var secrets = scope.ServiceProvider.GetRequiredService<ProcessSecretService>();
        var first = await secrets.GenerateAsync(Admin(owner), workspace.Id, processId, _ct);
        Assert.NotNull((await secrets.AuthenticateAsync(workspace.Id, processId, first, null, _ct)).Caller);

        var second = await secrets.GenerateAsync(Admin(owner), workspace.Id, processId, _ct);
        Assert.Null((await secrets.AuthenticateAsync(workspace.Id, processId, first, null, _ct)).Caller);
        var caller = (await secrets.AuthenticateAsync(workspace.Id, processId, second, null, _ct)).Caller!;
        Assert.Equal(CallerKind.ProcessSecret, caller.Kind);
        Assert.Equal([Permissions.TriggerProcesses], caller.GrantedPermissions!);
        Assert.Null((await secrets.AuthenticateAsync(workspace.Id, Ids.New(), second, null, _ct)).Caller);

        await secrets.RevokeAsync(Admin(owner), workspace.Id, processId, _ct);
        Assert.Equal("invalid_process_secret", (await secrets.AuthenticateAsync(workspace.Id, processId, second, null, _ct)).FailureCode);
    }

    [Fact]
    public async Task RequestSignature_IsUsedOnce_AndForgottenOnceExpired()
    {
        var now = DateTimeOffset.UtcNow;
        var fresh = new UsedRequestSignature { Id = SecretHashing.Sha256Hex(Ids.New()), ExpiresAt = now.AddMinutes(5) };
        var old = new UsedRequestSignature { Id = SecretHashing.Sha256Hex(Ids.New()), ExpiresAt = now.AddMinutes(-1) };
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IUsedRequestSignatureStore>();
            Assert.True(await store.TryUseAsync(fresh, _ct));
            Assert.True(await store.TryUseAsync(old, _ct));
            Assert.False(await store.TryUseAsync(new UsedRequestSignature { Id = fresh.Id, ExpiresAt = fresh.ExpiresAt }, _ct));
            Assert.True(await store.DeleteExpiredAsync(now, _ct) >= 1);
        }

        // Another unit of work (another node, on PostgreSQL) sees the fresh one used and the expired one gone.
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IUsedRequestSignatureStore>();
            Assert.False(await store.TryUseAsync(new UsedRequestSignature { Id = fresh.Id, ExpiresAt = fresh.ExpiresAt }, _ct));
            Assert.True(await store.TryUseAsync(new UsedRequestSignature { Id = old.Id, ExpiresAt = now.AddMinutes(5) }, _ct));
        }
    }
}

public sealed class CredentialStoreTests_Sqlite(SqliteStorageFixture fixture) : CredentialStoreTests<SqliteStorageFixture>(fixture);

public sealed class CredentialStoreTests_Postgres(PostgresStorageFixture fixture) : CredentialStoreTests<PostgresStorageFixture>(fixture);
