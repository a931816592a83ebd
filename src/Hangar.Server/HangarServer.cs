using Hangar.Core;
using Hangar.Core.Packages;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Hangar.Server.Blobs;
using Hangar.Server.Endpoints;
using Hangar.Server.Errors;
using Hangar.Server.Hosting;
using Hangar.Server.Security;
using Hangar.Server.Ui;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Hangar.Storage;
using Hangar.Storage.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;

namespace Hangar.Server;

/// <summary>Composes the whole server: services, middleware and every surface's endpoints.</summary>
public static class HangarServer
{
    /// <summary>Builds the application for <paramref name="options"/>. Call <see cref="PrepareAsync"/> before running it.</summary>
    public static WebApplication Build(HangarServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        // Loaded now, so that a bad file stops the start with its reason instead of failing the first TLS handshake.
        var tls = TlsCertificate.Load(options);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (tls is not null)
            {
                k.ConfigureHttpsDefaults(https =>
                {
                    https.ServerCertificate = tls.Certificate;
                    https.ServerCertificateChain = [.. tls.Chain];
                });
            }
        });
        ConfigureLogging(builder, options);

        var tightened = DataDirectory.Secure(options.FullDataDirectory);
        var services = builder.Services;
        if (options.ReceivesMail)
        {
            // Bound now, like the certificate above: an SMTP address in use stops the start before anything runs.
            var sockets = Smtp.SmtpSockets.Bind(Smtp.SmtpUrls.Parse(options.SmtpUrls!));
            services.AddSingleton(_ => sockets);
            services.AddSingleton<SmtpListenerService>();
            services.AddHostedService(sp => sp.GetRequiredService<SmtpListenerService>());
        }

        services.AddSingleton(options);
        services.AddSingleton(options.HangarCommand);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(MasterKeyLoader.Load(options));
        services.AddHangarStorage(options.DatabaseSettings);
        services.AddBlobStore(options.Blobs, options.DefaultBlobFolder);
        services.AddSingleton(new TaskPackageOptions
        {
            Limits = new PackageLimits { MaxPackageBytes = options.MaxPackageBytes },
            SpoolDirectory = Path.Combine(options.FullDataDirectory, "tmp"),
        });
        services.AddSingleton(options.DispatchOptions);
        services.AddSingleton(options.WebhookOptions);
        services.AddSingleton(options.EmailTriggerOptions);
        Observability.HangarTelemetry.Add(services, options);
        services.AddHangarCore();
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<SignedUrls>();
        if (options.TrustedProxies.Count > 0)
        {
            services.Configure<ForwardedHeadersOptions>(o => ProxyTrust.Configure(o, options.TrustedProxies));
        }

        services.AddHsts(o =>
        {
            // Sent on every https response, whatever the host: the default list leaves out localhost and loopback.
            o.ExcludedHosts.Clear();
            o.MaxAge = TimeSpan.FromDays(365);
        });

        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddAuthentication(HangarAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HangarAuthenticationHandler>(HangarAuthenticationHandler.SchemeName, null);
        services.AddHangarApiDocs();
        services.AddHangarUi();
        services.AddHostedService<HousekeepingService>();
        services.AddScoped<Hosting.Housekeeping.IHousekeepingJob, Hosting.Housekeeping.ExpiredRecordsJob>();
        services.AddScoped<Hosting.Housekeeping.IHousekeepingJob, Hosting.Housekeeping.RunRetentionJob>();
        services.AddScoped<Hosting.Housekeeping.IHousekeepingJob, Hosting.Housekeeping.WebhookLogJob>();
        services.AddScoped<Hosting.Housekeeping.IHousekeepingJob, Hosting.Housekeeping.OrphanBlobJob>();
        services.AddHostedService<ApiKeyUsageFlushService>();
        services.AddHostedService<LeaseWatchdogService>();
        services.AddHostedService<WebhookDeliveryService>();
        services.AddHostedService<SchedulerService>();
        if (options.DatabaseSettings.Provider == DatabaseProvider.Postgres)
        {
            services.AddHostedService<DispatchListenerService>();
        }

        services.AddSingleton<AuthFailureThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<ProcessNames>();
        services.AddScoped<ICredentialAuthenticator, ApiKeyAuthenticator>();
        services.AddScoped<ICredentialAuthenticator, BearerAuthenticator>();
        services.AddScoped<ICredentialAuthenticator, SignedRequestAuthenticator>();
        services.AddDataProtection().SetApplicationName("hangar");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>());
            o.XmlEncryptor = new MasterKeyXmlEncryptor(sp.GetRequiredService<MasterKey>());
        }));

        configure?.Invoke(builder);
        var app = builder.Build();
        if (tightened is not null)
        {
            StartupLog.DataDirectoryTightened(app.Logger, tightened);
        }

        if (options.TrustedProxies.Count > 0)
        {
            // First: everything after it sees the client's address and scheme, not the proxy's.
            app.UseForwardedHeaders();
        }

        app.UseHsts();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(ApiStatusPages.WriteAsync);
        app.UseAuthentication();
        app.UseMiddleware<RunLogScopeMiddleware>();
        app.UseMiddleware<AccessMiddleware>();
        app.UseMiddleware<Observability.RunTraceMiddleware>();
        app.UseMiddleware<JsonBodyMiddleware>();
        MapEndpoints(app);
        return app;
    }

    /// <summary>Migrates the database and, on the very first start, creates the default organization, workspace and admin.</summary>
    public static async Task<StartupReport> PrepareAsync(WebApplication app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<HangarServerOptions>();
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        await DatabaseMigrator.MigrateAsync(db, settings, ct);
        var (vacuum, bytes) = await SqliteSpace.EnableIncrementalVacuumAsync(db, settings, SqliteSpace.SwitchAtStartLimitBytes, ct);
        if (vacuum == IncrementalVacuumState.Switched)
        {
            StartupLog.IncrementalVacuumSwitched(app.Logger, bytes / (1024 * 1024));
        }
        else if (vacuum == IncrementalVacuumState.TooLarge)
        {
            StartupLog.IncrementalVacuumTooLarge(app.Logger, bytes / (1024 * 1024), options.HangarCommand.Format("hangar admin compact"));
        }

        var bootstrap = await scope.ServiceProvider.GetRequiredService<Bootstrapper>().EnsureAsync(options.AdminPassword, ct);
        return new StartupReport(settings.Describe(), bootstrap);
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, HangarServerOptions options)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // Every line of a request carries the trace and span ids (as scope fields), so that log lines and traces meet.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // What appsettings.json says too, for a hangar that runs without one beside it (the single-file build).
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapHangarApiDocs();
        var v1 = app.MapGroup("/api/v1").WithGroupName(ApiDocs.V1);
        v1.MapAuthEndpoints();
        v1.MapUserEndpoints();
        v1.MapOrganizationEndpoints();
        v1.MapInvitationEndpoints();
        v1.MapWorkspaceEndpoints();
        v1.MapWorkspaceSettingsEndpoints();
        v1.MapPermissionEndpoints();
        v1.MapApiKeyEndpoints();
        v1.MapAuditEndpoints();
        v1.MapStatsEndpoints();
        v1.MapAccessCredentialEndpoints();
        v1.MapProcessEndpoints();
        v1.MapProcessRunEndpoints();
        v1.MapScheduleEndpoints();
        v1.MapStepRunEndpoints();
        v1.MapWorkItemEndpoints();
        v1.MapProcessSecretEndpoints(app);
        v1.MapEmailTriggerEndpoints();
        v1.MapVaultEndpoints();
        v1.MapAssetEndpoints();
        v1.MapWorkerEndpoints();
        v1.MapWorkerGroupEndpoints();
        v1.MapWebhookEndpoints();
        app.MapProcessApiEndpoints();
        app.MapRobotWorkItemEndpoints();
        app.MapWorkItemDataEndpoints();
        v1.MapTaskPackageEndpoints();
        app.MapTokenVendorEndpoints();
        app.MapRccWorkspaceEndpoints();
        app.MapRccRobotEndpoints();
        app.MapBlobEndpoints();
        app.MapSecretsApiEndpoints();
        app.MapWorkerProtocolEndpoints();
        app.MapHangarUi();
    }
}
