namespace Hangar.Core.EmailTriggers;

/// <summary>
/// A process's email trigger: mail to its address starts a run with the message as the input work item. One per
/// process. The address's local part is an unguessable token (anyone who knows the address can start runs), so it is
/// kept as a SHA-256 hash to find the trigger by, and encrypted under the master key to show it again.
/// </summary>
public sealed class EmailTrigger
{
    public required string ProcessId { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>SHA-256 (hex) of the local part, lower-case: what an incoming recipient is looked up by.</summary>
    public required string AddressHash { get; init; }

    /// <summary>The local part, encrypted under the master key (context <see cref="EmailTriggerService.EncryptionContext"/>).</summary>
    public required byte[] EncryptedLocalPart { get; init; }

    /// <summary>Off keeps the address but refuses mail to it at <c>RCPT TO</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Parse the message into the payload <c>email</c>, <c>__mail.html</c> and attachment files (Robocorp's "Parse email");
    /// off puts the raw message in the payload <c>rawEmail</c>, Robocorp's older format.
    /// </summary>
    public bool Parse { get; set; }

    public string? CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
