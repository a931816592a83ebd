using System.Collections.Frozen;

namespace Hangar.Core.Security;

/// <summary>
/// The capability sets tools ask the token vendor for (rcc's <c>capabilitySet</c>), and the permissions each opens.
/// A vended token never exceeds its user's own rights either.
/// </summary>
public static class Capabilities
{
    public const string ViewWorkspaces = "view/workspaces";

    private static readonly FrozenDictionary<string, FrozenSet<string>> Sets = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        [ViewWorkspaces] = FrozenSet<string>.Empty,
        ["get/robot"] = new[] { Permissions.ReadTaskPackages }.ToFrozenSet(StringComparer.Ordinal),
        ["edit/robot"] = new[] { Permissions.ReadTaskPackages, Permissions.WriteTaskPackages }.ToFrozenSet(StringComparer.Ordinal),
        ["run/robot"] = new[]
        {
            Permissions.ReadTaskPackages, Permissions.ReadSecrets, Permissions.ReadSecretValues, Permissions.WriteSecrets,
            Permissions.ReadWorkItems, Permissions.WriteWorkItems, Permissions.ReadAssets, Permissions.WriteAssets,
        }.ToFrozenSet(StringComparer.Ordinal),
        ["run/assistant"] = new[] { Permissions.ReadTaskPackages }.ToFrozenSet(StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Names => Sets.Keys;

    public static bool TryGetPermissions(string? capabilitySet, out IReadOnlySet<string> permissions)
    {
        if (capabilitySet is not null && Sets.TryGetValue(capabilitySet, out var set))
        {
            permissions = set;
            return true;
        }

        permissions = FrozenSet<string>.Empty;
        return false;
    }
}
