namespace Hangar.Core.EmailTriggers;

/// <summary>A trigger with its address (null while this server receives no mail, so it has no domain to give).</summary>
public sealed record EmailTriggerView(EmailTrigger Trigger, string? Address);
