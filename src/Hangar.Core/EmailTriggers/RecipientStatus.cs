namespace Hangar.Core.EmailTriggers;

/// <summary>What an envelope recipient (<c>RCPT TO</c>) is to this server.</summary>
public enum RecipientStatus
{
    /// <summary>The address of an enabled trigger.</summary>
    Accepted,

    /// <summary>Not in this server's mail domain: Hangar relays nothing.</summary>
    Foreign,

    /// <summary>In the mail domain, but no trigger has it (never had, or was removed).</summary>
    Unknown,

    /// <summary>A trigger's address, turned off.</summary>
    Disabled,
}
