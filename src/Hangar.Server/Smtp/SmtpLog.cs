namespace Hangar.Server.Smtp;

/// <summary>The SMTP listener's log lines. Trigger addresses are never logged: knowing one is enough to start runs.</summary>
internal static partial class SmtpLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving email for triggers on {Endpoints} (domain {Domain}, up to {MaxBytes} bytes)")]
    public static partial void Listening(ILogger logger, string endpoints, string domain, long maxBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email started run {RunId} of process {ProcessId} ({Bytes} bytes)")]
    public static partial void RunStarted(ILogger logger, string processId, string runId, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email refused at RCPT TO with {Reply} ({Status})")]
    public static partial void RecipientRefused(ILogger logger, int reply, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email refused at end of DATA with {Reply} ({Code})")]
    public static partial void MessageRefused(ILogger logger, int reply, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email could not be checked at RCPT TO; answered 451")]
    public static partial void RecipientCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email could not start its run; answered 451")]
    public static partial void MessageFailed(ILogger logger, Exception exception);
}
