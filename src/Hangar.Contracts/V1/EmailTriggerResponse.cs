namespace Hangar.Contracts.V1;

/// <summary>The trigger's address (null while the server receives no mail), and its settings.</summary>
public sealed record EmailTriggerResponse(string? Address, bool Enabled, bool Parse);
