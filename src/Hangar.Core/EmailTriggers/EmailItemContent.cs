namespace Hangar.Core.EmailTriggers;

/// <summary>What a received message becomes: the input work item's payload (JSON) and files.</summary>
public sealed record EmailItemContent(string Payload, IReadOnlyList<EmailItemFile> Files, string? MessageId, string Sender);
