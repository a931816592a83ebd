using Hangar.Core.Coordination;
using Hangar.Core.Storage;
using Hangar.Core.Stores;
using Hangar.Storage.Blobs;
using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Hangar.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the context for the configured provider (pooled) and every store.</summary>
    public static IServiceCollection AddHangarStorage(this IServiceCollection services, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(new WriteGate(settings.Provider));
        services.AddSingleton(new DispatchNotifier(settings.Provider));
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            // Nodes sharing the database hear each other's queued step runs and elect one leader for the sweeps.
            services.AddSingleton<PostgresDispatchListener>();
            services.AddSingleton<ILeadership, PostgresLeadership>();
        }
        else
        {
            services.AddSingleton<ILeadership, SingleNodeLeadership>();
        }

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            services.AddDbContextPool<HangarDbContext, SqliteHangarDbContext>(o => HangarDatabase.ConfigureSqlite(o, settings.ConnectionString));
        }
        else
        {
            services.AddDbContextPool<HangarDbContext, PostgresHangarDbContext>(o => HangarDatabase.ConfigurePostgres(o, settings.ConnectionString));
        }

        services.AddScoped<IAccountStore, EfAccountStore>();
        services.AddScoped<Core.Invitations.IInvitationStore, EfInvitationStore>();
        services.AddScoped<ISessionStore, EfSessionStore>();
        services.AddScoped<IWorkspaceStore, EfWorkspaceStore>();
        services.AddScoped<StatsAggregates>();
        services.AddScoped<Core.Stats.IStatsStore, EfStatsStore>();
        services.AddScoped<IAuditStore, EfAuditStore>();
        services.AddScoped<IApiKeyStore, EfApiKeyStore>();
        services.AddScoped<IAccessCredentialStore, EfAccessCredentialStore>();
        services.AddScoped<IProcessSecretStore, EfProcessSecretStore>();
        services.AddScoped<Core.EmailTriggers.IEmailTriggerStore, EfEmailTriggerStore>();
        services.AddScoped<ITaskPackageStore, EfTaskPackageStore>();
        services.AddScoped<IProcessStore, EfProcessStore>();
        services.AddSingleton<RunStartBatcher>();
        services.AddScoped<IRunStore>(sp => new EfRunStore(sp.GetRequiredService<HangarDbContext>(), sp.GetRequiredService<WriteGate>(), settings,
            sp.GetRequiredService<DispatchNotifier>(), sp.GetRequiredService<WebhookOutbox>(), sp.GetRequiredService<RunStartBatcher>()));
        services.AddScoped<IVaultStore, EfVaultStore>();
        services.AddScoped<IWorkItemFileStore, EfWorkItemFileStore>();
        services.AddScoped<IStepRunOutputStore, EfStepRunOutputStore>();
        services.AddScoped<IUploadGrantStore, EfUploadGrantStore>();
        services.AddScoped<Core.RequestReplay.IUsedRequestSignatureStore, EfUsedRequestSignatureStore>();
        services.AddScoped<IAssetStore, EfAssetStore>();
        services.AddScoped<IWorkerStore, EfWorkerStore>();
        services.AddScoped<IDispatchStore, EfDispatchStore>();
        services.AddScoped<Core.Observability.IMetricsStore, EfMetricsStore>();
        services.AddScoped<WebhookOutbox>();
        services.AddScoped<Core.Webhooks.IWebhookStore, EfWebhookStore>();
        services.AddScoped<Core.Schedules.IScheduleStore, EfScheduleStore>();
        services.AddScoped<Core.Retention.IRetentionStore, EfRetentionStore>();
        services.AddScoped<IBlobReferenceStore, EfBlobReferenceStore>();
        return services;
    }

    /// <summary>The blob store <paramref name="settings"/> name: a folder (<paramref name="defaultFolder"/> unless set) or an S3 bucket.</summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, BlobStoreSettings settings, string defaultFolder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Made now, so that a setting the store refuses stops the start; handed out by a factory, so that the container
        // disposes it (the S3 client) with itself.
        var store = settings.Create(defaultFolder);
        services.AddSingleton(_ => store);
        return services;
    }

    /// <summary>Keeps blobs as files under <paramref name="root"/> (the data directory's <c>blobs</c> folder for the server).</summary>
    public static IServiceCollection AddFileSystemBlobStore(this IServiceCollection services, string root)
    {
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(root));
        return services;
    }
}
