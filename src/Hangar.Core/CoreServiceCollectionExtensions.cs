using Hangar.Core.Runs;
using Hangar.Core.Packages;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Core.Vault;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hangar.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers Core's services (the server and the offline admin commands share them).</summary>
    public static IServiceCollection AddHangarCore(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.TryAddSingleton(new Observability.MetricsOptions());
        services.TryAddSingleton(sp => new Observability.HangarMetrics(
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<Observability.MetricsOptions>()));
        services.AddScoped<SessionService>();
        services.AddScoped<UserService>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<AccountAuthority>();
        services.AddScoped<Invitations.InvitationService>();
        services.AddScoped<WorkspaceService>();
        services.AddScoped<Retention.RetentionService>();
        services.AddScoped<Storage.OrphanBlobCollector>();
        services.AddScoped<WorkspaceAccess>();
        services.AddScoped<Bootstrapper>();
        services.AddScoped<ApiKeyService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ApiKeyUsageTracker>();
        services.AddScoped<AccessCredentialService>();
        services.AddSingleton<VendedTokens>();
        services.AddSingleton<Security.RunTokens>();
        services.AddScoped<RobotWorkItemService>();
        services.AddScoped<AssetService>();
        services.AddScoped<ProcessSecretService>();
        services.AddScoped<EmailTriggers.EmailTriggerService>();
        services.TryAddSingleton(new EmailTriggers.EmailTriggerOptions());
        services.AddScoped<VaultService>();
        services.AddSingleton<VaultKeyring>();
        services.AddScoped<ProcessService>();
        services.AddScoped<WorkerService>();
        services.AddScoped<LinkTokenService>();
        services.AddScoped<DispatchService>();
        services.AddScoped<RunProgression>();
        services.AddScoped<LeaseWatchdog>();
        services.AddScoped<StepRunArtifactService>();
        services.TryAddSingleton(new DispatchOptions());
        services.AddScoped<RunService>();
        services.AddScoped<WorkspaceStatsService>();
        services.AddScoped<Schedules.ScheduleService>();
        services.AddScoped<Schedules.Scheduler>();
        services.AddSingleton<Schedules.ScheduleWakeUp>();
        services.AddScoped<WorkItemService>();
        services.AddScoped<WorkItemFileService>();
        services.AddSingleton<InProcessDispatchSignal>();
        services.AddSingleton<IDispatchSignal>(sp => sp.GetRequiredService<InProcessDispatchSignal>());
        services.AddScoped<TaskPackageService>();
        services.TryAddSingleton(new TaskPackageOptions());
        services.AddSingleton<SignedUrlSigner>();
        services.AddScoped<UploadGrantorCheck>();
        services.TryAddSingleton(new Webhooks.WebhookOptions());
        services.AddSingleton<Webhooks.WebhookSignal>();
        services.AddSingleton<Webhooks.WebhookSender>();
        services.AddScoped<Webhooks.WebhookService>();
        services.AddScoped<Webhooks.WebhookDeliverer>();
        return services;
    }
}
