namespace Hangar.Core.EmailTriggers;

/// <summary>A message as the SMTP listener received it, before it is looked at.</summary>
/// <param name="Recipient">The trigger address it was sent to (the envelope's <c>RCPT TO</c>).</param>
/// <param name="EnvelopeSender">The envelope's <c>MAIL FROM</c>; null for a bounce (<c>&lt;&gt;</c>).</param>
/// <param name="Raw">The message as sent (after SMTP's dot-unstuffing).</param>
public sealed record ReceivedEmail(string Recipient, string? EnvelopeSender, byte[] Raw);
