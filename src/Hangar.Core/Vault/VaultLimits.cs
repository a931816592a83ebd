namespace Hangar.Core.Vault;

/// <summary>Bounds on what the vault accepts; every refusal names the bound.</summary>
public static class VaultLimits
{
    /// <summary>Longest secret name, as Robocorp's vault allows.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Largest value: its JSON text (UTF-8 bytes), before encryption.</summary>
    public const int MaxValueBytes = 64 * 1024;

    /// <summary>Longest key inside a value.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>
    /// The name the robots' API uses for the server's public key (<c>GET .../secrets/publicKey</c>); a secret of that
    /// name could be written there but never read, so it is refused everywhere.
    /// </summary>
    public const string ReservedName = "publicKey";
}
