using Hangar.Core.Runs;
using Hangar.Core.Services;

namespace Hangar.Core.EmailTriggers;

/// <summary>Bounds on what an incoming message may hold; a message past one is refused whole, before anything is written.</summary>
public static class EmailTriggerLimits
{
    /// <summary>25 MiB: what common mail services accept; Robocorp's trigger takes up to 40 MB.</summary>
    public const long DefaultMaxMessageBytes = 25L * 1024 * 1024;

    public const long MinMaxMessageBytes = 1024;

    /// <summary>The SMTP library counts sizes in an <c>int</c>.</summary>
    public const long MaxMaxMessageBytes = 1024L * 1024 * 1024;

    /// <summary>The message's header block (before the first empty line).</summary>
    public const int MaxHeaderBytes = 256 * 1024;

    /// <summary>Attachments of one message (each becomes a file of the work item).</summary>
    public const int MaxAttachments = 100;

    /// <summary>An attachment, decoded: the same bound as any work item file.</summary>
    public const long MaxAttachmentBytes = WorkItemFileService.MaxFileBytes;

    /// <summary>Nesting of multiparts and attached messages the parser follows.</summary>
    public const int MaxMimeDepth = 32;

    /// <summary>The payload (<c>email</c>, or <c>rawEmail</c>) is a work item payload like any other.</summary>
    public const int MaxPayloadBytes = RunLimits.MaxPayloadBytes;
}
