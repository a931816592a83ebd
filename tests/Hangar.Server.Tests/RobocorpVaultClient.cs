using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangar.Core.Security;

namespace Hangar.Server.Tests;

/// <summary>
/// robocorp-vault's RobocorpVault adapter (the same protocol as RPA.Robocorp.Vault), step for step: a lazily made
/// RSA-4096 key sent as base64 DER in the query; reads decrypted with the iv's hex text as the GCM nonce; writes sealed
/// with a fresh AES-256 key and 16 random bytes used raw as the nonce, the key wrapped to the server's public key.
/// </summary>
internal sealed class RobocorpVaultClient(HttpClient http, string workspaceId)
{
    public const string Scheme = "robocloud-vault-transit-v2";

    // One key for the whole test run: making RSA-4096 keys is slow, and robocorp-vault too makes it once per adapter.
    private static readonly Lazy<RSA> PrivateKey = new(() => RSA.Create(4096));

    private string Prefix => $"/secrets-v1/workspaces/{workspaceId}/secrets/";

    public static string PublicBytes => Convert.ToBase64String(PrivateKey.Value.ExportSubjectPublicKeyInfo());

    public static HttpClient WithBearer(HttpClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The raw answer of the read, for tests that look at status codes and fields.</summary>
    public Task<HttpResponseMessage> GetRawAsync(string name) =>
        http.GetAsync($"{Prefix}{name}?encryptionScheme={Scheme}&publicKey={Uri.EscapeDataString(PublicBytes)}");

    public async Task<(string Name, string Description, Dictionary<string, string> Values)> GetSecretAsync(string name)
    {
        using var response = await GetRawAsync(name);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return Decrypt(JsonNode.Parse(text)!);
    }

    public static (string Name, string Description, Dictionary<string, string> Values) Decrypt(JsonNode payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var fields = payload["encryption"]!;
        Assert.Equal(Scheme, fields["encryptionScheme"]!.GetValue<string>());
        var aesEnc = Convert.FromBase64String(fields["encryptedAES"]!.GetValue<string>());
        var tag = Convert.FromBase64String(fields["authTag"]!.GetValue<string>());
        var iv = Convert.FromBase64String(fields["iv"]!.GetValue<string>());
        var aesKey = PrivateKey.Value.Decrypt(aesEnc, RSAEncryptionPadding.OaepSHA256);
        var ciphertext = Convert.FromBase64String(payload["value"]!.GetValue<string>());
        var plaintext = new byte[ciphertext.Length];
        using (var gcm = new GcmCipher(aesKey))
        {
            // binascii.hexlify(iv): lower-case hex text, in ASCII, is the nonce.
            gcm.Decrypt(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(iv)), ciphertext, tag, plaintext);
        }

        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(plaintext)!;
        return (payload["name"]!.GetValue<string>(), payload["description"]!.GetValue<string>(), values);
    }

    /// <summary>set_secret: GET publicKey (raw body), seal, PUT. Returns the PUT's answer.</summary>
    public async Task<HttpResponseMessage> SetSecretAsync(string name, string? description, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var publicKey = await GetPublicKeyAsync();
        var payload = Seal(name, description, PythonJsonDumps(values), publicKey);
        return await http.PutAsync(Prefix + name, new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    public async Task<byte[]> GetPublicKeyAsync()
    {
        using var response = await http.GetAsync(Prefix + "publicKey");
        var content = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(content)}");
        return content;
    }

    /// <summary>The PUT body robocorp-vault builds, from the server's public key as its raw body (base64 text).</summary>
    public static JsonObject Seal(string name, string? description, byte[] plaintext, byte[] publicKeyBody)
    {
        var aesKey = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new GcmCipher(aesKey))
        {
            gcm.Encrypt(iv, plaintext, ciphertext, tag);
        }

        using var server = RSA.Create();
        server.ImportSubjectPublicKeyInfo(Convert.FromBase64String(Encoding.ASCII.GetString(publicKeyBody)), out _);
        return new JsonObject
        {
            ["encryption"] = new JsonObject
            {
                ["authTag"] = Convert.ToBase64String(tag),
                ["encryptedAES"] = Convert.ToBase64String(server.Encrypt(aesKey, RSAEncryptionPadding.OaepSHA256)),
                ["encryptionScheme"] = Scheme,
                ["iv"] = Convert.ToBase64String(iv),
            },
            ["name"] = name,
            ["value"] = Convert.ToBase64String(ciphertext),
            ["description"] = description,
        };
    }

    /// <summary>Python's json.dumps(dict): ", " and ": " separators, non-ASCII escaped.</summary>
    public static byte[] PythonJsonDumps(IReadOnlyDictionary<string, string> values) =>
        Encoding.ASCII.GetBytes("{" + string.Join(", ", values.Select(kv => $"{JsonSerializer.Serialize(kv.Key)}: {JsonSerializer.Serialize(kv.Value)}")) + "}");
}
