using Hangar.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage;

/// <summary>
/// The relational model, shared by both providers. Each provider has a subclass only so that its migrations live
/// in their own folder (<see cref="SqliteHangarDbContext"/>, <see cref="PostgresHangarDbContext"/>).
/// </summary>
public abstract class HangarDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<User> Users => Set<User>();
    public DbSet<OrganizationMember> OrganizationMembers => Set<OrganizationMember>();
    public DbSet<Core.Invitations.OrganizationInvitation> OrganizationInvitations => Set<Core.Invitations.OrganizationInvitation>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AccessCredential> AccessCredentials => Set<AccessCredential>();
    public DbSet<ProcessSecret> ProcessSecrets => Set<ProcessSecret>();
    public DbSet<Core.EmailTriggers.EmailTrigger> EmailTriggers => Set<Core.EmailTriggers.EmailTrigger>();
    public DbSet<TaskPackage> TaskPackages => Set<TaskPackage>();
    public DbSet<TaskPackageVersion> TaskPackageVersions => Set<TaskPackageVersion>();
    public DbSet<Process> Processes => Set<Process>();
    public DbSet<ProcessStep> ProcessSteps => Set<ProcessStep>();
    public DbSet<ProcessRun> ProcessRuns => Set<ProcessRun>();
    public DbSet<StepRun> StepRuns => Set<StepRun>();
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<WorkItemFile> WorkItemFiles => Set<WorkItemFile>();
    public DbSet<Artifact> Artifacts => Set<Artifact>();
    public DbSet<ConsoleMessage> ConsoleMessages => Set<ConsoleMessage>();
    public DbSet<StepRunEvent> StepRunEvents => Set<StepRunEvent>();
    public DbSet<UsedUploadGrant> UsedUploadGrants => Set<UsedUploadGrant>();
    public DbSet<Core.RequestReplay.UsedRequestSignature> UsedRequestSignatures => Set<Core.RequestReplay.UsedRequestSignature>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<VaultSecret> VaultSecrets => Set<VaultSecret>();
    public DbSet<VaultKey> VaultKeys => Set<VaultKey>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<AssetUpload> AssetUploads => Set<AssetUpload>();
    public DbSet<Worker> Workers => Set<Worker>();
    public DbSet<WorkerGroup> WorkerGroups => Set<WorkerGroup>();
    public DbSet<WorkerGroupMember> WorkerGroupMembers => Set<WorkerGroupMember>();
    public DbSet<LinkToken> LinkTokens => Set<LinkToken>();
    public DbSet<Core.Webhooks.Webhook> Webhooks => Set<Core.Webhooks.Webhook>();
    public DbSet<Core.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Core.Webhooks.WebhookDelivery>();
    public DbSet<Core.Webhooks.WebhookDeliveryAttempt> WebhookDeliveryAttempts => Set<Core.Webhooks.WebhookDeliveryAttempt>();
    public DbSet<Core.Schedules.Schedule> Schedules => Set<Core.Schedules.Schedule>();
    public DbSet<Core.Schedules.ScheduleFire> ScheduleFires => Set<Core.Schedules.ScheduleFire>();
    public DbSet<Core.Storage.BlobDeletion> BlobDeletions => Set<Core.Storage.BlobDeletion>();
    public DbSet<Core.Stats.RunStatsBucket> RunStats => Set<Core.Stats.RunStatsBucket>();
    public DbSet<Core.Stats.RunDurationBucket> RunDurations => Set<Core.Stats.RunDurationBucket>();
    public DbSet<Core.Stats.ItemExceptionBucket> ItemExceptions => Set<Core.Stats.ItemExceptionBucket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HangarDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Ids are UUID strings; a fixed length keeps indexes compact on both providers.
        configurationBuilder.Properties<string>().HaveMaxLength(4000);
        configurationBuilder.Properties<OrganizationRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<WorkspaceRole>().HaveConversion<string>().HaveMaxLength(16);
    }
}
