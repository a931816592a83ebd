using Hangar.Core.Observability;
using Hangar.Server.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hangar.Server.Observability;

/// <summary>
/// Wires OpenTelemetry: Hangar's meter and activity source, ASP.NET Core, HttpClient and Npgsql instrumentation;
/// Prometheus' format on the management listener (<c>--metrics-urls</c>); OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the SDK reads every standard <c>OTEL_*</c> variable). Without either, nothing is collected.
/// </summary>
public static class HangarTelemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool OtlpConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(OtlpEndpointVariable));

    /// <summary>
    /// Tracing for a standalone <c>hangar worker</c>: with an OTLP endpoint set, its <c>hangar.robot</c> spans and its
    /// calls to the server go to the collector too, so a run's trace is whole wherever its worker runs. Dispose the
    /// provider when the worker stops: that flushes what is buffered.
    /// </summary>
    public static TracerProvider? StartWorkerTracing()
    {
        if (!OtlpConfigured)
        {
            return null;
        }

        return Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService("hangar-worker", serviceVersion: typeof(HangarTelemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: Environment.MachineName))
            .AddSource(HangarActivities.SourceName)
            .AddHttpClientInstrumentation()
            .AddOtlpExporter()
            .Build();
    }

    public static void Add(IServiceCollection services, HangarServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(new MetricsOptions { WorkspaceLabels = options.MetricsWorkspaceLabels });
        var otlp = OtlpConfigured;
        var metrics = options.ServesMetrics || otlp;
        var tracing = options.Tracing || otlp;
        if (!metrics && !tracing)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("hangar", serviceVersion: typeof(HangarTelemetry).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: Environment.MachineName));
        if (metrics)
        {
            telemetry.WithMetrics(m =>
            {
                m.AddMeter(HangarMetrics.MeterName, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();

                // A provider listens by meter name across the whole process. Where several servers share one process
                // (an embedding host, the tests), each must export its own Hangar meter only: the one its own
                // IMeterFactory made, whose Scope is that factory.
                (m as IDeferredMeterProviderBuilder)?.Configure((sp, builder) =>
                {
                    var factory = sp.GetService<System.Diagnostics.Metrics.IMeterFactory>();
                    builder.AddView(instrument =>
                        instrument.Meter.Name == HangarMetrics.MeterName && factory is not null && !ReferenceEquals(instrument.Meter.Scope, factory)
                            ? MetricStreamConfiguration.Drop
                            : null);
                });
                if (options.ServesMetrics)
                {
                    m.AddPrometheusExporter();
                }
            });
            services.AddHostedService<MetricsSamplerService>();
        }

        if (options.ServesMetrics)
        {
            services.AddSingleton(sp => new MetricsListener(options, sp.GetRequiredService<MeterProvider>()));
            services.AddHostedService(sp => sp.GetRequiredService<MetricsListener>());
        }

        if (tracing)
        {
            telemetry.WithTracing(t => t
                .AddSource(HangarActivities.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz") && !http.Request.Path.StartsWithSegments("/readyz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
    }
}
