namespace Hangar.Core.EmailTriggers;

/// <summary>A recipient's status, with the trigger it names when it names one.</summary>
public sealed record RecipientCheck(RecipientStatus Status, EmailTrigger? Trigger);
