using Hangar.Core.EmailTriggers;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Hangar.Server.Smtp;

/// <summary>
/// Answers <c>RCPT TO</c>: only an enabled trigger's address in the mail domain is taken; a foreign domain is refused
/// <c>551</c> (Hangar relays nothing), an unknown or turned-off address <c>550</c>. One transaction carries mail for one
/// process, so that a run's start and the reply to the message are one thing; a second process address is told to
/// come again in another transaction (<c>452</c>).
/// </summary>
internal sealed class SmtpRecipientFilter(IServiceScopeFactory scopes, EmailTriggerOptions options, ILogger<SmtpRecipientFilter> logger) : IMailboxFilter
{
    private const string ProcessKey = "Hangar:SmtpProcess";

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // MAIL FROM starts a transaction: it has no recipients yet.
        context.Properties.Remove(ProcessKey);
        return Task.FromResult(true);
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(to);
        RecipientCheck check;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            check = await scope.ServiceProvider.GetRequiredService<EmailTriggerService>().CheckRecipientAsync($"{to.User}@{to.Host}", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SmtpLog.RecipientCheckFailed(logger, ex);
            throw new SmtpResponseException(SmtpReplies.TryLater());
        }

        var response = check.Status switch
        {
            RecipientStatus.Foreign => SmtpReplies.Foreign(options.MailDomain ?? "?"),
            RecipientStatus.Unknown => SmtpReplies.Unknown(),
            RecipientStatus.Disabled => SmtpReplies.Disabled(),
            _ => context.Properties.TryGetValue(ProcessKey, out var taken) && !Equals(taken, check.Trigger!.ProcessId)
                ? SmtpReplies.OneProcessPerMessage()
                : null,
        };
        if (response is not null)
        {
            SmtpLog.RecipientRefused(logger, (int)response.ReplyCode, check.Status.ToString());
            throw new SmtpResponseException(response);
        }

        context.Properties[ProcessKey] = check.Trigger!.ProcessId;
        return true;
    }
}
