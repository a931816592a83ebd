using System.Data.Common;
using System.Text;
using System.Text.Json;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Core.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Vault secrets and the transit key in storage, on SQLite and PostgreSQL.</summary>
public abstract class VaultStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private static Caller Admin(User owner) => new() { Kind = CallerKind.User, Id = owner.Id, Name = owner.Username, UserId = owner.Id };

    private static SecretValue Value(object value) => SecretValue.FromJson(JsonSerializer.SerializeToElement(value));

    [Fact]
    public async Task SecretValues_AreEncryptedAtRest_AndBoundToTheirRow()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        const string plain = "plain-value-4f1c9e";
        string id;
        string otherId;
        await using (var scope = fixture.Scope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<VaultService>();
            id = (await vault.CreateAsync(Admin(owner), workspace.Id, "db", "the database", Value(new { password = plain }), _ct)).Id;
            otherId = (await vault.CreateAsync(Admin(owner), workspace.Id, "other", null, Value(new { password = "x" }), _ct)).Id;
        }

        await using (var scope = fixture.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            var row = await ReadRowAsync(db, id);
            Assert.Contains("db", row.Keys.Select(k => row[k] as string));
            foreach (var (column, field) in row)
            {
                var bytes = field as byte[] ?? Encoding.UTF8.GetBytes(field?.ToString() ?? string.Empty);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(plain)) < 0, $"column {column} holds the value in the clear");
                Assert.True(bytes.AsSpan().IndexOf("password"u8) < 0, $"column {column} holds a key name in the clear");
            }

            // A sealed value copied onto another row does not decrypt there.
            var secrets = await db.VaultSecrets.Where(s => s.Id == id || s.Id == otherId).ToListAsync(_ct);
            secrets.Single(s => s.Id == otherId).EncryptedValue = secrets.Single(s => s.Id == id).EncryptedValue;
            await db.SaveChangesAsync(_ct);
        }

        await using (var scope = fixture.Scope())
        {
            var vault = scope.ServiceProvider.GetRequiredService<VaultService>();
            var (_, value) = await vault.ReadValueAsync(Admin(owner), workspace.Id, "db", _ct);
            Assert.Equal(plain, value.ToDictionary()["password"]);
            var unreadable = await Assert.ThrowsAsync<HangarException>(() => vault.ReadValueAsync(Admin(owner), workspace.Id, "other", _ct));
            Assert.Equal(("secret_unreadable", ErrorKind.Conflict), (unreadable.Code, unreadable.Kind));

            // Lists still show it, without key names.
            var listed = (await vault.ListAsync(workspace.Id, PageRequest.First(), _ct)).Items.Single(s => s.Id == otherId);
            Assert.Null(vault.KeysOf(listed));
            Assert.Equal(["password"], vault.KeysOf(await vault.GetAsync(workspace.Id, id, _ct)));
        }
    }

    [Fact]
    public async Task Names_AreUniquePerWorkspace_AndCaseMatters()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var (_, otherOwner, other) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var vault = scope.ServiceProvider.GetRequiredService<VaultService>();
        await vault.CreateAsync(Admin(owner), workspace.Id, "shared", null, Value(new { a = "1" }), _ct);
        var ex = await Assert.ThrowsAsync<HangarException>(() => vault.CreateAsync(Admin(owner), workspace.Id, "shared", null, Value(new { a = "2" }), _ct));
        Assert.Equal(("name_taken", ErrorKind.Conflict), (ex.Code, ex.Kind));
        await vault.CreateAsync(Admin(owner), workspace.Id, "SHARED", null, Value(new { a = "3" }), _ct);
        await vault.CreateAsync(Admin(otherOwner), other.Id, "shared", null, Value(new { a = "4" }), _ct);

        Assert.Equal("1", (await vault.ReadValueAsync(Admin(owner), workspace.Id, "shared", _ct)).Value.ToDictionary()["a"]);
        Assert.Equal("3", (await vault.ReadValueAsync(Admin(owner), workspace.Id, "SHARED", _ct)).Value.ToDictionary()["a"]);
        Assert.Equal("4", (await vault.ReadValueAsync(Admin(otherOwner), other.Id, "shared", _ct)).Value.ToDictionary()["a"]);
    }

    [Fact]
    public async Task Secrets_ListOnlyTheirWorkspaceInPages_ChangeAndGoWithIt()
    {
        var (_, owner, workspace) = await Seed.TenantAsync(fixture);
        var (_, otherOwner, other) = await Seed.TenantAsync(fixture);
        await using var scope = fixture.Scope();
        var vault = scope.ServiceProvider.GetRequiredService<VaultService>();
        for (var i = 0; i < 3; i++)
        {
            await vault.CreateAsync(Admin(owner), workspace.Id, $"s{i}", null, Value(new { k = $"v{i}" }), _ct);
        }

        await vault.CreateAsync(Admin(otherOwner), other.Id, "theirs", null, Value(new { k = "v" }), _ct);
        var first = await vault.ListAsync(workspace.Id, new PageRequest(null, 2), _ct);
        var rest = await vault.ListAsync(workspace.Id, new PageRequest(first.NextAfter(s => s.Id), 2), _ct);
        Assert.Equal(["s0", "s1", "s2"], first.Items.Concat(rest.Items).Select(s => s.Name));
        Assert.Equal(["k"], vault.KeysOf(first.Items[0]));

        var updated = await vault.UpdateAsync(Admin(owner), workspace.Id, "s1", null, "described", Value(new { user = "u", pass = "p" }), _ct);
        Assert.Equal(["user", "pass"], vault.KeysOf(updated));
        await using (var fresh = fixture.Scope())
        {
            var again = await fresh.ServiceProvider.GetRequiredService<VaultService>().GetAsync(workspace.Id, updated.Id, _ct);
            Assert.Equal("described", again.Description);
        }

        await vault.DeleteAsync(Admin(owner), workspace.Id, "s0", _ct);
        Assert.Equal(HangarException.NotFound("x").Code,
            (await Assert.ThrowsAsync<HangarException>(() => vault.GetAsync(workspace.Id, "s0", _ct))).Code);

        var workspaces = scope.ServiceProvider.GetRequiredService<IWorkspaceStore>();
        await workspaces.DeleteAsync((await workspaces.FindAsync(workspace.Id, _ct))!, _ct);
        Assert.Empty((await vault.ListAsync(workspace.Id, PageRequest.First(), _ct)).Items);
        Assert.Single((await vault.ListAsync(other.Id, PageRequest.First(), _ct)).Items);
    }

    [Fact]
    public async Task TheTransitKey_IsMadeOnce_SharedByEveryNode_AndItsPrivateHalfIsSealed()
    {
        byte[] publicKey;
        await using (var scope = fixture.Scope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IVaultStore>();
            publicKey = await scope.ServiceProvider.GetRequiredService<VaultKeyring>().PublicKeyAsync(store, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            // Another node: its own keyring, the same master key and database.
            var store = scope.ServiceProvider.GetRequiredService<IVaultStore>();
            var node2 = new VaultKeyring(scope.ServiceProvider.GetRequiredService<MasterKey>(), TimeProvider.System);
            Assert.Equal(publicKey, await node2.PublicKeyAsync(store, _ct));
            using var privateKey = await node2.PrivateKeyAsync(store, _ct);
            Assert.Equal(publicKey, privateKey.ExportSubjectPublicKeyInfo());

            var row = await store.FindKeyAsync(VaultKeyring.TransitPurpose, _ct);
            Assert.True(row!.EncryptedPrivateKey.AsSpan().IndexOf(privateKey.ExportPkcs8PrivateKey()) < 0);
            Assert.False(await store.TryAddKeyAsync(new VaultKey
            {
                Purpose = VaultKeyring.TransitPurpose, PublicKey = [1], EncryptedPrivateKey = [2], CreatedAt = DateTimeOffset.UtcNow,
            }, _ct));
            Assert.Equal(publicKey, (await store.FindKeyAsync(VaultKeyring.TransitPurpose, _ct))!.PublicKey);
        }
    }

    private static async Task<Dictionary<string, object?>> ReadRowAsync(HangarDbContext db, string id)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM vault_secrets WHERE id = @id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = id;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

public sealed class VaultStoreTests_Sqlite(SqliteStorageFixture fixture) : VaultStoreTests<SqliteStorageFixture>(fixture);

public sealed class VaultStoreTests_Postgres(PostgresStorageFixture fixture) : VaultStoreTests<PostgresStorageFixture>(fixture);
