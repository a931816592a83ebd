namespace Hangar.Server.Smtp;

/// <summary>The SMTP listener could not bind an address; <c>hangar serve</c> prints the message and exits.</summary>
public sealed class SmtpListenException : IOException
{
    public SmtpListenException()
    {
    }

    public SmtpListenException(string message)
        : base(message)
    {
    }

    public SmtpListenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
