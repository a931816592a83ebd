using Hangar.Core.Domain;
using Hangar.Core.Errors;

namespace Hangar.Core.Vault;

/// <summary>
/// Secret names as Robocorp's vault has them: 1 to 100 letters, digits, <c>_</c>, <c>-</c> and <c>.</c>, compared
/// exactly (case matters). They travel unescaped in robots' URL paths, which is why the alphabet is this small.
/// </summary>
public static class SecretNames
{
    /// <summary>The name when it is valid; refuses it with <c>invalid_name</c> otherwise.</summary>
    public static string Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw HangarException.Invalid("invalid_name", "'name' is required and must not be empty.");
        }

        if (!IsValid(name))
        {
            throw HangarException.Invalid("invalid_name",
                $"'name' must be 1 to {VaultLimits.MaxNameLength} letters, digits, '_', '-' or '.'.");
        }

        // Route literals match without regard to case, so every spelling of the reserved name is taken.
        if (string.Equals(name, VaultLimits.ReservedName, StringComparison.OrdinalIgnoreCase))
        {
            throw HangarException.Invalid("invalid_name", $"'{VaultLimits.ReservedName}' is reserved: robots read the server's key at that path.");
        }

        if (Ids.IsWellFormed(name))
        {
            // Routes take a name or an id in the same place: a name shaped like an id would be ambiguous.
            throw HangarException.Invalid("invalid_name", "'name' must not have the form of an id.");
        }

        return name;
    }

    /// <summary>Whether <paramref name="name"/> could be a secret's name (lookups of anything else are "not found").</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= VaultLimits.MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
