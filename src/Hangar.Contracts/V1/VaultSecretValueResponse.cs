namespace Hangar.Contracts.V1;

/// <summary>A secret's value (key → value, in the order it was given).</summary>
public sealed record VaultSecretValueResponse(string Id, string Name, IReadOnlyDictionary<string, string> Value);
