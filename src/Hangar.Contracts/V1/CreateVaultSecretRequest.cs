using System.Text.Json;

namespace Hangar.Contracts.V1;

/// <summary>A new secret; <c>value</c> must be a JSON object of string keys to string values.</summary>
public sealed record CreateVaultSecretRequest(string? Name, string? Description, JsonElement? Value);
