using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Storage;

namespace Hangar.Core.EmailTriggers;

/// <summary>
/// Email triggers: turning a process's address on, off and away, and starting a run for each message sent to it.
/// A message becomes the run's input item (<see cref="EmailItemBuilder"/>): its files are stored first, then the run,
/// the item and the files' rows are written in one transaction (the normal start path), so a refused or failed start
/// leaves no rows, and its stored files are deleted again.
/// </summary>
public sealed class EmailTriggerService(IEmailTriggerStore store, ProcessService processes, RunService runs, IBlobStore blobs, MasterKey masterKey,
    EmailTriggerOptions options, AuditLog audit, TimeProvider time)
{
    public const string StartedByType = "email";
    public const string Created = "email_trigger.created";
    public const string Updated = "email_trigger.updated";
    public const string Deleted = "email_trigger.deleted";

    public static string EncryptionContext(string processId) => $"email-trigger:{processId}";

    public async Task<EmailTriggerView> GetAsync(string workspaceId, string processId, CancellationToken ct) =>
        await FindAsync(workspaceId, processId, ct) ?? throw HangarException.NotFound("The process's email trigger");

    /// <summary>The process's trigger, or null when it has none (404 for an unknown process).</summary>
    public async Task<EmailTriggerView?> FindAsync(string workspaceId, string processId, CancellationToken ct)
    {
        var process = await processes.GetAsync(workspaceId, processId, ct);
        return await store.FindAsync(workspaceId, process.Id, ct) is { } trigger ? View(trigger) : null;
    }

    /// <summary>
    /// Turns the trigger on or off and chooses parsing; the first call gives the process its address. A value not
    /// given stays as it is (on and parsing, for a new trigger).
    /// </summary>
    public async Task<EmailTriggerView> PutAsync(Caller caller, string workspaceId, string processId, bool? enabled, bool? parse, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var process = await processes.GetAsync(workspaceId, processId, ct);
        if (!options.ReceivesMail)
        {
            throw HangarException.Conflict("email_not_configured",
                "This server receives no email: start it with --smtp-urls and --mail-domain to give processes addresses.");
        }

        var now = time.GetUtcNow();
        var trigger = await store.FindAsync(workspaceId, process.Id, ct);
        var created = trigger is null;
        if (trigger is null)
        {
            var localPart = EmailAddresses.NewLocalPart(process.Name);
            trigger = new EmailTrigger
            {
                ProcessId = process.Id, WorkspaceId = workspaceId, AddressHash = EmailAddresses.Hash(localPart),
                EncryptedLocalPart = masterKey.EncryptString(localPart, EncryptionContext(process.Id)), Enabled = true, Parse = true,
                CreatedByName = ClientText.Clip(caller.Name, 200), CreatedAt = now,
            };
        }

        trigger.Enabled = enabled ?? trigger.Enabled;
        trigger.Parse = parse ?? trigger.Parse;
        trigger.UpdatedAt = now;
        await store.SaveAsync(trigger, ct);
        await audit.RecordAsync(caller, created ? Created : Updated, new AuditTarget("process", process.Id, process.Name, workspaceId), ct);
        return View(trigger);
    }

    /// <summary>Removes the trigger: its address is refused from now on, and turning email on again gives a new one.</summary>
    public async Task DeleteAsync(Caller caller, string workspaceId, string processId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var process = await processes.GetAsync(workspaceId, processId, ct);
        if (!await store.DeleteAsync(workspaceId, process.Id, ct))
        {
            throw HangarException.NotFound("The process's email trigger");
        }

        await audit.RecordAsync(caller, Deleted, new AuditTarget("process", process.Id, process.Name, workspaceId), ct);
    }

    /// <summary>Whether mail to <paramref name="address"/> is taken (asked at <c>RCPT TO</c>, and again when the message has arrived).</summary>
    public async Task<RecipientCheck> CheckRecipientAsync(string address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (options.MailDomain is not { } domain || !EmailAddresses.TrySplit(address, out var localPart, out var addressDomain)
            || !string.Equals(addressDomain.TrimEnd('.'), domain, StringComparison.OrdinalIgnoreCase))
        {
            return new RecipientCheck(RecipientStatus.Foreign, null);
        }

        var trigger = localPart.Length <= EmailAddresses.MaxLocalPartLength
            ? await store.FindByAddressHashAsync(EmailAddresses.Hash(localPart), ct)
            : null;
        return trigger switch
        {
            null => new RecipientCheck(RecipientStatus.Unknown, null),
            { Enabled: false } => new RecipientCheck(RecipientStatus.Disabled, trigger),
            _ => new RecipientCheck(RecipientStatus.Accepted, trigger),
        };
    }

    /// <summary>
    /// Starts a run of the recipient's process with the message as its input item. A retried delivery of a message
    /// (same Message-ID, same bytes, within a day) answers with the run the first delivery started.
    /// </summary>
    public async Task<ProcessRun> ReceiveAsync(ReceivedEmail email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(email);
        var check = await CheckRecipientAsync(email.Recipient, ct);
        if (check is not { Status: RecipientStatus.Accepted, Trigger: { } trigger })
        {
            throw HangarException.NotFound("The address");
        }

        var content = EmailItemBuilder.Build(email, trigger.Parse, time.GetUtcNow());
        var itemId = Ids.New();
        var stored = new List<WorkItemFile>();
        var keep = false;
        try
        {
            foreach (var file in content.Files)
            {
                stored.Add(await StoreAsync(trigger.WorkspaceId, itemId, file, ct));
            }

            var startedBy = new StartedBy(StartedByType, null, string.IsNullOrEmpty(content.Sender) ? null : ClientText.Clip(content.Sender, 200));
            var request = new StartRequest(StartKind.WithPayloads, [content.Payload], [], null) { InputItem = new PreparedInputItem(itemId, stored), Surface = "email" };
            var requestHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(email.Raw));
            var key = content.MessageId is { } messageId ? "email:" + SecretHashing.Sha256Hex($"{trigger.ProcessId}\n{messageId}") : null;
            // Not cancelled from here on: a start whose answer is lost may still be written, and must keep its files.
            StartOutcome outcome;
            try
            {
                outcome = await runs.StartAsync(startedBy, trigger.WorkspaceId, trigger.ProcessId, request, key, requestHash, CancellationToken.None);
            }
            catch (HangarException ex) when (ex.Code == "idempotency_key_reused")
            {
                // Another message with the same Message-ID: a message of its own, not a retried delivery.
                outcome = await runs.StartAsync(startedBy, trigger.WorkspaceId, trigger.ProcessId, request, null, requestHash, CancellationToken.None);
            }

            // A retried delivery: the first one's run has its own files; these are not needed.
            keep = !outcome.Replayed;
            return outcome.Runs[0];
        }
        finally
        {
            if (!keep)
            {
                foreach (var file in stored)
                {
                    await blobs.DeleteAsync(file.BlobKey, CancellationToken.None);
                }
            }
        }
    }

    private async Task<WorkItemFile> StoreAsync(string workspaceId, string itemId, EmailItemFile file, CancellationToken ct)
    {
        var id = Ids.New();
        var key = BlobKeys.Checked($"ws/{workspaceId}/work-items/{itemId}/{id}");
        await using var content = file.Open();
        var info = await blobs.PutAsync(key, new BoundedReadStream(content, EmailTriggerLimits.MaxAttachmentBytes, () =>
            new HangarException(ErrorKind.PayloadTooLarge, "attachment_too_large",
                $"An attachment may be at most {EmailTriggerLimits.MaxAttachmentBytes / (1024 * 1024)} MiB.")), ct);
        return new WorkItemFile
        {
            Id = id, WorkspaceId = workspaceId, WorkItemId = itemId, Name = file.Name, Size = info.Size, Sha256 = info.Sha256, BlobKey = key,
            CreatedAt = time.GetUtcNow(),
        };
    }

    private EmailTriggerView View(EmailTrigger trigger) =>
        new(trigger, options.MailDomain is { } domain
            ? $"{masterKey.DecryptString(trigger.EncryptedLocalPart, EncryptionContext(trigger.ProcessId))}@{domain}"
            : null);
}
