using System.CommandLine;
using Hangar.Core.Services;
using Hangar.Server;
using Hangar.Server.Hosting;
using Hangar.Storage.Database;
using Hangar.Worker;
using Hangar.Worker.Isolation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hangar.Cli;

/// <summary><c>hangar serve</c>: the server (and, with its issue, the embedded worker) until Ctrl-C or SIGTERM.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls")
    {
        Description = "Addresses to listen on, separated by ';'. Env HANGAR_URLS. Default http://127.0.0.1:8080.",
    };

    private static readonly Option<string?> PublicUrlOption = new("--public-url")
    {
        Description = "The URL clients use to reach this server (links, signed URLs); set it behind a reverse proxy. Env HANGAR_PUBLIC_URL. Default: the first --urls address.",
    };

    private static readonly Option<string?> LogFormatOption = new("--log-format")
    {
        Description = "simple (one readable line per event) or json (one JSON object per line, for log shippers). Env HANGAR_LOG_FORMAT. Default: simple.",
    };

    private static readonly Option<string[]> TrustedProxy = new("--trusted-proxy")
    {
        Description = "A reverse proxy (IP or CIDR) whose X-Forwarded-For/-Proto/-Host headers are believed; repeat for several. Env HANGAR_TRUSTED_PROXIES (comma-separated). Default: none (forwarded headers ignored).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string?> TlsCert = new("--tls-cert")
    {
        Description = "Certificate for https:// addresses: a PEM file (with --tls-key) or a PFX file (password in HANGAR_TLS_CERT_PASSWORD). Env HANGAR_TLS_CERT.",
    };

    private static readonly Option<string?> TlsKey = new("--tls-key")
    {
        Description = "The PEM private key of --tls-cert. Env HANGAR_TLS_KEY.",
    };

    private static readonly Option<bool> AllowPrivateWebhooks = new("--allow-private-webhooks")
    {
        Description = "Let webhooks and run callbacks call loopback, link-local and private addresses (refused by default). Env HANGAR_ALLOW_PRIVATE_WEBHOOKS=true.",
    };

    private static readonly Option<string?> SmtpUrls = new("--smtp-urls")
    {
        Description = "Receive email for process email triggers on these addresses (smtp://HOST:PORT, separated by ';'); needs --mail-domain. Env HANGAR_SMTP_URLS. Default: no email.",
    };

    private static readonly Option<string?> MailDomain = new("--mail-domain")
    {
        Description = "The domain of the processes' email addresses (its MX points at this server or at a relay in front of it). Env HANGAR_MAIL_DOMAIN.",
    };

    private static readonly Option<string?> MetricsUrls = new("--metrics-urls")
    {
        Description = "Serve Prometheus metrics at /metrics on a management listener of its own (http://HOST:PORT, separated by ';'); never on --urls. Env HANGAR_METRICS_URLS. Default: no metrics endpoint.",
    };

    private static readonly Option<bool> MetricsWorkspaceLabels = new("--metrics-workspace-labels")
    {
        Description = "Label run metrics with the workspace id (more series; off by default). Env HANGAR_METRICS_WORKSPACE_LABELS=true.",
    };

    private static readonly Option<bool> NoWorker = new("--no-worker")
    {
        Description = "Do not run the embedded worker (run workers with 'hangar worker start').",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Run the Hangar server.")
        {
            Urls, CliOptions.DataDir, CliOptions.Database, PublicUrlOption, LogFormatOption, TrustedProxy, TlsCert, TlsKey, SmtpUrls, MailDomain, NoWorker,
            AllowPrivateWebhooks, MetricsUrls, MetricsWorkspaceLabels, CliOptions.Blobs, CliOptions.S3Endpoint, CliOptions.S3Region, CliOptions.S3ForcePathStyle, CliOptions.BlobDownloads,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var options = CliOptions.Load(parse);
        options.Urls = parse.GetValue(Urls) ?? options.Urls;
        options.PublicUrl = parse.GetValue(PublicUrlOption) ?? options.PublicUrl;
        options.LogFormat = parse.GetValue(LogFormatOption) ?? options.LogFormat;
        options.TlsCert = parse.GetValue(TlsCert) ?? options.TlsCert;
        options.TlsKey = parse.GetValue(TlsKey) ?? options.TlsKey;
        options.SmtpUrls = parse.GetValue(SmtpUrls) ?? options.SmtpUrls;
        options.MailDomain = parse.GetValue(MailDomain) ?? options.MailDomain;
        if (parse.GetValue(TrustedProxy) is { Length: > 0 } proxies)
        {
            options.TrustedProxies = [.. proxies];
        }

        options.MetricsUrls = parse.GetValue(MetricsUrls) ?? options.MetricsUrls;
        options.MetricsWorkspaceLabels |= parse.GetValue(MetricsWorkspaceLabels);
        options.EmbeddedWorker = !parse.GetValue(NoWorker);
        options.HangarCommand = HangarInvocation.Current;
        CliOptions.ApplyBlobFlags(parse, options);
        options.AllowPrivateWebhooks |= parse.GetValue(AllowPrivateWebhooks);
        if (CliOptions.Invalid(options)
            || !WorkerCommands.TryRccOption(Environment.GetEnvironmentVariable(RccOption.EnvironmentVariable), out var rcc)
            || !WorkerCommands.TryIsolationOption(null, null, out var isolation)
            || !WorkerCommands.TryDrainTime(null, out var drain))
        {
            return ExitCodes.BadConfiguration;
        }

        WebApplication app;
        try
        {
            app = HangarServer.Build(options);
        }
        catch (Server.Smtp.SmtpListenException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"hangar: cannot start: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }

        await using (app)
        {
            StartupReport report;
            try
            {
                report = await HangarServer.PrepareAsync(app, ct);
            }
            catch (DatabaseStartupException ex)
            {
                await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
                return ExitCodes.DatabaseUnavailable;
            }
            catch (Core.Errors.HangarException ex) when (ex.Kind == Core.Errors.ErrorKind.BadRequest)
            {
                // The first start refused its configuration (e.g. HANGAR_ADMIN_PASSWORD breaks the password rules).
                await Console.Error.WriteLineAsync($"hangar: {ex.Message} ({ex.Code})");
                return ExitCodes.BadConfiguration;
            }

            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"hangar: cannot listen on {options.Urls}: {ex.Message}");
                return ExitCodes.Failed;
            }

            PrintBanner(app, options, report);
            using var workerStop = new CancellationTokenSource();
            Task? worker = null;
            if (options.EmbeddedWorker && await EmbeddedWorker.EnsureRegisteredAsync(app, options, ct) is { } config)
            {
                var concurrency = int.TryParse(Environment.GetEnvironmentVariable("HANGAR_WORKER_CONCURRENCY"), out var n) && n > 0 ? n : 1;
                var host = new WorkerHost(config, Path.Combine(options.FullDataDirectory, "worker"), Console.Out, TimeProvider.System)
                {
                    // Robots never see the data directory (master key, database, this worker's credential), wherever it lies.
                    Metrics = app.Services.GetRequiredService<Core.Observability.HangarMetrics>(),
                    Concurrency = concurrency, Rcc = rcc, Isolation = isolation, PrivatePaths = [options.FullDataDirectory], DrainTime = drain,
                };
                RobotIsolation chosen;
                try
                {
                    chosen = await host.PrepareAsync(ct);
                }
                catch (IsolationUnavailableException ex)
                {
                    await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
                    await app.StopAsync(CancellationToken.None);
                    return ExitCodes.BadConfiguration;
                }

                worker = Task.Run(() => host.RunAsync(workerStop.Token), CancellationToken.None);
                var noWorker = HangarInvocation.Hint("hangar serve --no-worker");
                Console.WriteLine($"  Embedded worker {config.WorkerId} runs robots ({concurrency} at a time, isolation: {chosen.Level.WireName()}); "
                                  + $"'{noWorker}' turns it off.");

                // Stop the worker while the server still answers, so a running robot's end is reported rather than lost.
                app.Lifetime.ApplicationStopping.Register(() =>
                {
                    workerStop.Cancel();
                    try
                    {
                        // Its robots get the drain time, then their ends (or give-backs) are reported while the server still answers.
                        worker.Wait(drain + TimeSpan.FromSeconds(25));
                    }
                    catch (AggregateException)
                    {
                        // The worker had stopped on its own (its credential refused); it said why when it did.
                    }
                });
            }

            await app.WaitForShutdownAsync(CancellationToken.None);
        }

        return ExitCodes.Ok;
    }

    private static void PrintBanner(WebApplication app, HangarServerOptions options, StartupReport report)
    {
        var listening = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? options.BaseUrl;
        var publicUrl = app.Services.GetRequiredService<PublicUrl>();
        var url = publicUrl.Value;
        Console.WriteLine();
        Console.WriteLine(url == listening ? $"  Hangar is running at {url}" : $"  Hangar is running at {listening}, public URL {url}");
        if (!publicUrl.IsConfigured && url != listening)
        {
            Console.WriteLine("  Links and signed URLs use that public URL; set --public-url if clients reach this server by another name.");
        }

        if (options.TrustedProxies.Count > 0)
        {
            Console.WriteLine($"  Forwarded headers are believed from: {string.Join(", ", options.TrustedProxies)}");
        }

        if (options.AllowPrivateWebhooks)
        {
            Console.WriteLine("  Webhooks and run callbacks may call loopback and private addresses (--allow-private-webhooks).");
        }

        if (app.Services.GetService<SmtpListenerService>() is { } smtp)
        {
            Console.WriteLine($"  Email triggers: receiving mail for @{options.EmailTriggerOptions.MailDomain} on "
                              + $"{string.Join(", ", smtp.Endpoints.Select(e => $"smtp://{e}"))} (up to {options.MaxEmailBytes} bytes a message)");
        }

        Console.WriteLine($"  Database: {report.Database}   Data directory: {options.FullDataDirectory}");
        Console.WriteLine($"  Blobs: {options.Blobs.Describe(options.DefaultBlobFolder)}");
        Console.WriteLine($"  API docs: {url}/api/docs");
        var resetPassword = HangarInvocation.Hint("hangar admin reset-password --user admin");
        if (report.Bootstrap is { } first)
        {
            Console.WriteLine($"  First start: created organization '{first.Organization.Name}', workspace '{first.Workspace.Name}' ({first.Workspace.Id}) and user '{Bootstrapper.AdminUsername}'.");
            Console.WriteLine(first.GeneratedPassword is { } password
                ? $"  Log in at {url} as '{Bootstrapper.AdminUsername}' with password: {password}\n  (shown only this once; change it after logging in, or reset it with '{resetPassword}')"
                : $"  Log in at {url} as '{Bootstrapper.AdminUsername}' with the password from HANGAR_ADMIN_PASSWORD.");
        }
        else
        {
            Console.WriteLine($"  Log in at {url} (forgot the admin password? '{resetPassword}').");
        }

        Console.WriteLine("  Press Ctrl-C to stop.");
        Console.WriteLine();
    }
}
