namespace Hangar.Core.EmailTriggers;

/// <summary>A file the email's work item gets: its name in the item, and its decoded content.</summary>
/// <param name="Name">A plain file name, unique within the item.</param>
/// <param name="Open">Opens the content to read once (decoded from the message's transfer encoding).</param>
public sealed record EmailItemFile(string Name, Func<Stream> Open);
