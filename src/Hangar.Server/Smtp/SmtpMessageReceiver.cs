using System.Buffers;
using Hangar.Core.EmailTriggers;
using Hangar.Core.Errors;
using Hangar.Server.Hosting;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Hangar.Server.Smtp;

/// <summary>
/// Takes a whole message at the end of <c>DATA</c> and answers only when its run has started (<c>250</c>) or the
/// message was refused, so that a message is never acknowledged and then lost.
/// </summary>
internal sealed class SmtpMessageReceiver(IServiceScopeFactory scopes, EmailTriggerOptions options, ILogger<SmtpMessageReceiver> logger) : MessageStore
{
    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        if (context.Properties.TryGetValue(SmtpDataGuard.PropertyKey, out var guard) && ((SmtpDataGuard)guard).TakeOversized())
        {
            SmtpLog.MessageRefused(logger, 552, "message_too_large");
            return SmtpReplies.TooLarge(options.MaxMessageBytes);
        }

        // The recipient filter lets one process's address into a transaction (it may be given twice).
        var recipient = transaction.To.Select(m => $"{m.User}@{m.Host}").First();
        var sender = string.IsNullOrEmpty(transaction.From?.User) ? null : $"{transaction.From.User}@{transaction.From.Host}";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<EmailTriggerService>()
                .ReceiveAsync(new ReceivedEmail(recipient, sender, buffer.ToArray()), cancellationToken);
            using (RunLogScope.Begin(logger, run.WorkspaceId, run.Id))
            {
                SmtpLog.RunStarted(logger, run.ProcessId, run.Id, buffer.Length);
            }

            return SmtpReplies.Started();
        }
        catch (HangarException ex)
        {
            var response = SmtpReplies.For(ex);
            SmtpLog.MessageRefused(logger, (int)response.ReplyCode, ex.Code);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SmtpLog.MessageFailed(logger, ex);
            return SmtpReplies.TryLater();
        }
    }
}
