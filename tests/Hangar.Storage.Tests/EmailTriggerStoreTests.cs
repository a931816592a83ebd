using System.Text;
using Hangar.Core.Domain;
using Hangar.Core.EmailTriggers;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Email triggers in storage, and runs started by email with their item's files, on SQLite and PostgreSQL.</summary>
public abstract class EmailTriggerStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private const string Domain = "mail.store.test";
    private static readonly EmailTriggerOptions Options = new() { MailDomain = Domain };
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task ATrigger_IsFoundByItsAddress_ChangesAreKept_AndItGoesWithItsProcess()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        string address;
        await using (var scope = fixture.Scope())
        {
            address = (await Service(scope).PutAsync(admin, workspace.Id, processId, true, null, _ct)).Address!;
        }

        await using (var scope = fixture.Scope())
        {
            var check = await Service(scope).CheckRecipientAsync(address.ToUpperInvariant(), _ct);
            Assert.Equal(RecipientStatus.Accepted, check.Status);
            Assert.Equal(processId, check.Trigger!.ProcessId);
            Assert.True(check.Trigger.Parse);
            var view = await Service(scope).PutAsync(admin, workspace.Id, processId, false, false, _ct);
            Assert.Equal(address, view.Address);
        }

        await using (var scope = fixture.Scope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<IEmailTriggerStore>().FindByAddressHashAsync(EmailAddresses.Hash(address.Split('@')[0]), _ct);
            Assert.False(stored!.Enabled);
            Assert.False(stored.Parse);
            Assert.DoesNotContain(address.Split('@')[0], Encoding.UTF8.GetString(stored.EncryptedLocalPart), StringComparison.Ordinal);
            Assert.Equal(RecipientStatus.Disabled, (await Service(scope).CheckRecipientAsync(address, _ct)).Status);
            await scope.ServiceProvider.GetRequiredService<ProcessService>().DeleteAsync(admin, workspace.Id, processId, _ct);
        }

        await using (var scope = fixture.Scope())
        {
            Assert.Equal(RecipientStatus.Unknown, (await Service(scope).CheckRecipientAsync(address, _ct)).Status);
        }
    }

    [Fact]
    public async Task TwoTriggers_CannotShareAnAddress()
    {
        var (workspace, admin, first) = await ProcessAsync();
        var (_, _, second) = await ProcessAsync((workspace, admin));
        var hash = EmailAddresses.Hash("shared." + Guid.NewGuid().ToString("N"));
        await using (var scope = fixture.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<IEmailTriggerStore>().SaveAsync(Trigger(workspace.Id, first, hash), _ct);
        }

        await using (var scope = fixture.Scope())
        {
            var ex = await Assert.ThrowsAsync<HangarException>(() =>
                scope.ServiceProvider.GetRequiredService<IEmailTriggerStore>().SaveAsync(Trigger(workspace.Id, second, hash), _ct));
            Assert.Equal(ErrorKind.Conflict, ex.Kind);
        }
    }

    [Fact]
    public async Task AReceivedMessage_StartsARunWhoseItemHasItsFiles_InOneTransaction()
    {
        var (workspace, admin, processId) = await ProcessAsync();
        string address;
        await using (var scope = fixture.Scope())
        {
            address = (await Service(scope).PutAsync(admin, workspace.Id, processId, true, true, _ct)).Address!;
        }

        ProcessRun run;
        await using (var scope = fixture.Scope())
        {
            run = await Service(scope).ReceiveAsync(new ReceivedEmail(address, "alice@example.com", Message(address, "id-1@example.com")), _ct);
        }

        Assert.Equal(EmailTriggerService.StartedByType, run.StartedByType);
        Assert.Equal("alice@example.com", run.StartedByName);
        await using (var scope = fixture.Scope())
        {
            var item = Assert.Single((await scope.ServiceProvider.GetRequiredService<IRunStore>()
                .ListWorkItemsAsync(workspace.Id, new WorkItemFilter(ProcessRunId: run.Id), PageRequest.First(), _ct)).Items);
            Assert.Contains("\"subject\":\"Report\"", item.Payload, StringComparison.Ordinal);
            var files = (await scope.ServiceProvider.GetRequiredService<IWorkItemFileStore>().ListAsync(workspace.Id, [item.Id], _ct))[item.Id].ToList();
            Assert.Equal(["__raw_mail", "report.csv"], files.Select(f => f.Name).Order(StringComparer.Ordinal));
            var csv = files.Single(f => f.Name == "report.csv");
            await using var content = await fixture.Services.GetRequiredService<IBlobStore>().OpenReadAsync(csv.BlobKey, _ct);
            using var reader = new StreamReader(content!.Content);
            Assert.Equal("a,b", await reader.ReadToEndAsync());
        }

        // The same message delivered again (a relay retrying) is the same run.
        await using (var scope = fixture.Scope())
        {
            var again = await Service(scope).ReceiveAsync(new ReceivedEmail(address, "alice@example.com", Message(address, "id-1@example.com")), _ct);
            Assert.Equal(run.Id, again.Id);
        }
    }

    [Fact]
    public async Task ARefusedStart_LeavesNeitherRowsNorFiles()
    {
        var (workspace, admin, _) = await ProcessAsync();
        string stepless;
        string address;
        await using (var scope = fixture.Scope())
        {
            stepless = (await scope.ServiceProvider.GetRequiredService<ProcessService>().CreateAsync(admin, workspace.Id, Seed.Unique("empty"), null, [], null, _ct)).Id;
            address = (await Service(scope).PutAsync(admin, workspace.Id, stepless, true, true, _ct)).Address!;
        }

        await using (var scope = fixture.Scope())
        {
            var ex = await Assert.ThrowsAsync<HangarException>(() =>
                Service(scope).ReceiveAsync(new ReceivedEmail(address, null, Message(address, "id-2@example.com")), _ct));
            Assert.Equal("process_has_no_steps", ex.Code);
        }

        await using (var scope = fixture.Scope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
            Assert.Empty((await runs.ListRunsAsync(workspace.Id, new RunFilter(stepless), PageRequest.First(), _ct)).Items);
            Assert.Empty((await runs.ListWorkItemsAsync(workspace.Id, new WorkItemFilter(stepless), PageRequest.First(), _ct)).Items);
        }

        var folder = Path.Combine(fixture.BlobDirectory, "ws", workspace.Id, "work-items");
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any());
    }

    private static EmailTriggerService Service(AsyncServiceScope scope) => ActivatorUtilities.CreateInstance<EmailTriggerService>(scope.ServiceProvider, Options);

    private static EmailTrigger Trigger(string workspaceId, string processId, string hash) => new()
    {
        ProcessId = processId, WorkspaceId = workspaceId, AddressHash = hash, EncryptedLocalPart = [1, 2, 3], Enabled = true, Parse = true,
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static byte[] Message(string to, string messageId) => Encoding.ASCII.GetBytes(
        $"From: Alice <alice@example.com>\r\nTo: {to}\r\nSubject: Report\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
        + "--b\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=report.csv\r\n\r\na,b\r\n--b--\r\n");

    private Task<(Workspace Workspace, Caller Admin, string ProcessId)> ProcessAsync((Workspace, Caller)? inWorkspace = null) =>
        Seed.ProcessAsync(fixture, inWorkspace: inWorkspace);
}

public sealed class EmailTriggerStoreTests_Sqlite(SqliteStorageFixture fixture) : EmailTriggerStoreTests<SqliteStorageFixture>(fixture);

public sealed class EmailTriggerStoreTests_Postgres(PostgresStorageFixture fixture) : EmailTriggerStoreTests<PostgresStorageFixture>(fixture);
