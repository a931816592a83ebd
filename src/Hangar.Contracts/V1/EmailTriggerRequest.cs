namespace Hangar.Contracts.V1;

/// <summary>
/// A process's email trigger: <c>enabled</c> takes mail at its address or refuses it; <c>parse</c> puts the parsed
/// message in the item (payload <c>email</c>, files) rather than the raw message (payload <c>rawEmail</c>). A field left
/// out keeps its value (on, and parsing, for a new trigger).
/// </summary>
public sealed record EmailTriggerRequest(bool? Enabled, bool? Parse);
