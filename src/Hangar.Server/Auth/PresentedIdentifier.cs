namespace Hangar.Server.Auth;

/// <summary>
/// The part of a presented credential that names it without being secret: a user name, an API key's first
/// characters (its preview), an access credential's identifier. Failures are counted per identifier as well as per
/// address, so guessing at one account is slowed wherever it comes from, and one attacker does not block the others.
/// </summary>
public sealed record PresentedIdentifier(string Type, string Value)
{
    private const int MaxValueLength = 64;

    public static PresentedIdentifier? Username(string? username) =>
        string.IsNullOrWhiteSpace(username) ? null : Of("username", username.Trim().ToLowerInvariant());

    /// <summary>An API key's prefix and first four characters (as the key list shows them), or null when it is not key-shaped.</summary>
    public static PresentedIdentifier? ApiKey(string credential) =>
        credential.StartsWith(Core.Services.ApiKeyService.KeyPrefix, StringComparison.Ordinal)
        && credential.Length >= Core.Services.ApiKeyService.KeyPrefix.Length + 4
            ? Of("api_key_prefix", credential[..(Core.Services.ApiKeyService.KeyPrefix.Length + 4)])
            : null;

    public static PresentedIdentifier? Of(string type, string? value) =>
        string.IsNullOrEmpty(value) ? null : new PresentedIdentifier(type, value.Length <= MaxValueLength ? value : value[..MaxValueLength]);

    public string Key => $"{Type}:{Value}";
}
