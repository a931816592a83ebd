namespace Hangar.Core.Domain;

/// <summary>
/// Identifiers are UUID version 7 strings: unique without coordination between nodes, and time-ordered,
/// so ordering by id is ordering by creation and keyset pagination needs no second column.
/// </summary>
public static class Ids
{
    public static string New() => Guid.CreateVersion7().ToString();

    public static bool IsWellFormed(string? id) => id is { Length: 36 } && Guid.TryParseExact(id, "D", out _);
}
