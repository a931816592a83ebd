namespace Hangar.Core.EmailTriggers;

/// <summary>How this server receives mail (<c>--smtp-urls</c>, <c>--mail-domain</c>); without a domain it receives none.</summary>
public sealed class EmailTriggerOptions
{
    /// <summary>The domain of every trigger address (<c>&lt;local part&gt;@MailDomain</c>), lower-case; null when mail is off.</summary>
    public string? MailDomain { get; init; }

    /// <summary>The largest message accepted, as sent (headers, body and attachments, before decoding).</summary>
    public long MaxMessageBytes { get; init; } = EmailTriggerLimits.DefaultMaxMessageBytes;

    public bool ReceivesMail => MailDomain is not null;
}
