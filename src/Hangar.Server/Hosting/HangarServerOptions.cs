using Hangar.Storage.Database;
using Microsoft.Extensions.Configuration;

namespace Hangar.Server.Hosting;

/// <summary>
/// Everything <c>hangar serve</c> can be told, after flags, environment and <c>appsettings.json</c> are merged
/// (in that order of precedence). <see cref="Validate"/> refuses a bad configuration at start, not at first use.
/// </summary>
public sealed class HangarServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;
    public const int DefaultSignedUrlLifetimeSeconds = 15 * 60;

    public string Urls { get; set; } = DefaultUrls;
    public string DataDirectory { get; set; } = "hangar-data";

    /// <summary>A PostgreSQL URL or connection string; null means SQLite in the data directory.</summary>
    public string? Database { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Base64 of 32 bytes; null means the key file in the data directory (created on first start).</summary>
    public string? MasterKey { get; set; }

    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>The largest task package zip accepted on an upload URL (uploads are exempt from <see cref="MaxRequestBodyBytes"/>).</summary>
    public long MaxPackageBytes { get; set; } = Core.Packages.PackageLimits.DefaultMaxPackageBytes;

    /// <summary>Failed authentications within a minute, per client address or per presented name, that start a one-minute block.</summary>
    public int AuthFailureLimit { get; set; } = Auth.AuthFailureThrottle.DefaultMaxFailures;

    /// <summary>How long a signed upload or download URL works after it is handed out.</summary>
    public int SignedUrlLifetimeSeconds { get; set; } = DefaultSignedUrlLifetimeSeconds;
    public bool EmbeddedWorker { get; set; } = true;

    /// <summary>
    /// The public base URL clients are told to use (links in pages, <c>next</c> links, signed URLs); defaults to the
    /// first address the server listens on. Never taken from a request's Host header.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR networks) whose <c>X-Forwarded-For/-Proto/-Host</c> headers are believed;
    /// empty means forwarded headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The TLS certificate for <c>https://</c> addresses: a PEM file (with <see cref="TlsKey"/>) or a PFX file.</summary>
    public string? TlsCert { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCert"/>; null when the certificate file holds the key (PEM or PFX).</summary>
    public string? TlsKey { get; set; }

    /// <summary>The password of a PFX file, or of an encrypted PEM key (HANGAR_TLS_CERT_PASSWORD).</summary>
    public string? TlsCertPassword { get; set; }

    /// <summary>
    /// Where the embedded SMTP listener receives mail for email triggers (<c>smtp://HOST:PORT</c>, several separated by
    /// <c>;</c>); null means no mail is received. Needs <see cref="MailDomain"/>.
    /// </summary>
    public string? SmtpUrls { get; set; }

    /// <summary>The domain of the processes' trigger addresses (<c>&lt;local part&gt;@MailDomain</c>); mail to other domains is refused.</summary>
    public string? MailDomain { get; set; }

    /// <summary>The largest email the SMTP listener accepts, as sent (HANGAR_MAX_EMAIL_BYTES).</summary>
    public long MaxEmailBytes { get; set; } = Core.EmailTriggers.EmailTriggerLimits.DefaultMaxMessageBytes;

    /// <summary>Whether this server receives mail (both <see cref="SmtpUrls"/> and <see cref="MailDomain"/> are set).</summary>
    public bool ReceivesMail => !string.IsNullOrWhiteSpace(SmtpUrls) && !string.IsNullOrWhiteSpace(MailDomain);

    public Core.EmailTriggers.EmailTriggerOptions EmailTriggerOptions => new()
    {
        MailDomain = ReceivesMail ? MailDomain!.Trim().TrimEnd('.').ToLowerInvariant() : null,
        MaxMessageBytes = MaxEmailBytes,
    };

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>Where blobs live (<c>Hangar:Blobs</c>; HANGAR_BLOBS, HANGAR_S3_*, HANGAR_BLOB_DOWNLOADS): the data directory by default.</summary>
    public Storage.Blobs.BlobStoreSettings Blobs { get; set; } = new();

    /// <summary>The folder of the filesystem blob store when <see cref="Blobs"/> names no location.</summary>
    public string DefaultBlobFolder => Path.Combine(FullDataDirectory, "blobs");

    public DatabaseSettings DatabaseSettings => string.IsNullOrWhiteSpace(Database)
        ? DatabaseSettings.SqliteFile(Path.Combine(FullDataDirectory, "hangar.db"))
        : DatabaseSettings.Parse(Database);

    /// <summary>How long a worker's claim or heartbeat keeps a step run (HANGAR_LEASE_SECONDS; tests shorten it).</summary>
    public double LeaseSeconds { get; set; } = 30;

    /// <summary>How often the watchdog looks for lapsed leases (HANGAR_WATCHDOG_INTERVAL_SECONDS).</summary>
    public double WatchdogIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How often a waiting claim looks at the queue without a wake-up (HANGAR_CLAIM_RECHECK_SECONDS); null means 3 s, or
    /// a quarter of a shorter lease. Wake-ups make it a safety net only; tests lengthen it to prove they arrive.
    /// </summary>
    public double? ClaimRecheckSeconds { get; set; }

    public Core.Runs.DispatchOptions DispatchOptions => new()
    {
        Lease = TimeSpan.FromSeconds(LeaseSeconds),
        WatchdogInterval = TimeSpan.FromSeconds(WatchdogIntervalSeconds),
        ClaimRecheck = TimeSpan.FromSeconds(ClaimRecheckSeconds ?? Math.Min(3, Math.Max(0.2, LeaseSeconds / 4))),
    };

    /// <summary>
    /// Whether webhook endpoints and run callbacks may be on loopback, link-local or private addresses
    /// (<c>--allow-private-webhooks</c>, HANGAR_ALLOW_PRIVATE_WEBHOOKS); off by default.
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }

    /// <summary>How long one delivery attempt may take (HANGAR_WEBHOOK_TIMEOUT_SECONDS; 10 s).</summary>
    public double WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>The wait before a delivery's first retry, doubled for each further one (HANGAR_WEBHOOK_RETRY_SECONDS; 10 s; tests shorten it).</summary>
    public double WebhookRetrySeconds { get; set; } = 10;

    /// <summary>
    /// How often the webhook sender looks at the outbox without a wake-up, and a node that does not lead asks whether
    /// it leads now (HANGAR_WEBHOOK_IDLE_CHECK_SECONDS; 5 s). Wake-ups make the look a safety net only; tests lengthen
    /// it to prove they arrive.
    /// </summary>
    public double WebhookIdleCheckSeconds { get; set; } = 5;

    public Core.Webhooks.WebhookOptions WebhookOptions => new()
    {
        AllowPrivateEndpoints = AllowPrivateWebhooks,
        Timeout = TimeSpan.FromSeconds(WebhookTimeoutSeconds),
        FirstRetryDelay = TimeSpan.FromSeconds(WebhookRetrySeconds),
        IdleCheck = TimeSpan.FromSeconds(WebhookIdleCheckSeconds),
    };

    /// <summary>
    /// How often the leading node runs housekeeping: expired records and run retention (HANGAR_HOUSEKEEPING_INTERVAL_SECONDS;
    /// one hour by default; the benchmark shortens it).
    /// </summary>
    public double HousekeepingIntervalSeconds { get; set; } = 3600;

    /// <summary>How log lines are written: <c>simple</c> (one readable line each) or <c>json</c> (HANGAR_LOG_FORMAT).</summary>
    public string LogFormat { get; set; } = "simple";

    public bool JsonLogs => string.Equals(LogFormat, "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where the management listener serves <c>/metrics</c> (<c>http://HOST:PORT</c>, several separated by <c>;</c>;
    /// HANGAR_METRICS_URLS); null means no metrics endpoint. Never the public listener's addresses.
    /// </summary>
    public string? MetricsUrls { get; set; }

    /// <summary>Label run metrics with the workspace id (<c>--metrics-workspace-labels</c>, HANGAR_METRICS_WORKSPACE_LABELS); off by default.</summary>
    public bool MetricsWorkspaceLabels { get; set; }

    /// <summary>Collect traces even without an OTLP endpoint (for an in-process exporter, as tests add one).</summary>
    public bool Tracing { get; set; }

    /// <summary>
    /// How <c>hangar</c> is started on the server's machine, for the commands the server prints and its pages show
    /// (<c>hangar serve</c> sets it; <c>hangar</c> when the server is hosted otherwise).
    /// </summary>
    public Core.Platform.HangarCommand HangarCommand { get; set; } = Core.Platform.HangarCommand.OnPath;

    public bool ServesMetrics => !string.IsNullOrWhiteSpace(MetricsUrls);

    public string BaseUrl => (PublicUrl ?? Urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0]).TrimEnd('/');

    /// <summary>Reads the <c>Hangar</c> section, then the <c>HANGAR_*</c> environment variables over it.</summary>
    public static HangarServerOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new HangarServerOptions();
        configuration.GetSection("Hangar").Bind(options);
        options.Urls = Env("HANGAR_URLS") ?? options.Urls;
        options.DataDirectory = Env("HANGAR_DATA_DIR") ?? options.DataDirectory;
        options.Database = Env("HANGAR_DATABASE") ?? options.Database;
        options.AdminPassword = Env("HANGAR_ADMIN_PASSWORD") ?? options.AdminPassword;
        options.MasterKey = Env("HANGAR_MASTER_KEY") ?? options.MasterKey;
        options.PublicUrl = Env("HANGAR_PUBLIC_URL") ?? options.PublicUrl;
        options.TlsCert = Env("HANGAR_TLS_CERT") ?? options.TlsCert;
        options.TlsKey = Env("HANGAR_TLS_KEY") ?? options.TlsKey;
        options.TlsCertPassword = Env("HANGAR_TLS_CERT_PASSWORD") ?? options.TlsCertPassword;
        options.SmtpUrls = Env("HANGAR_SMTP_URLS") ?? options.SmtpUrls;
        options.MailDomain = Env("HANGAR_MAIL_DOMAIN") ?? options.MailDomain;
        options.LogFormat = Env("HANGAR_LOG_FORMAT") ?? options.LogFormat;
        options.MetricsUrls = Env("HANGAR_METRICS_URLS") ?? options.MetricsUrls;
        if (Env("HANGAR_METRICS_WORKSPACE_LABELS") is { } workspaceLabels)
        {
            options.MetricsWorkspaceLabels = workspaceLabels.Trim().ToLowerInvariant() is "1" or "true" or "yes";
        }
        if (Env("HANGAR_MAX_EMAIL_BYTES") is { } maxEmail)
        {
            options.MaxEmailBytes = long.TryParse(maxEmail, out var bytes) ? bytes : -1;
        }

        if (Env("HANGAR_TRUSTED_PROXIES") is { } proxies)
        {
            options.TrustedProxies = [.. proxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        if (Env("HANGAR_MAX_REQUEST_BODY_BYTES") is { } max)
        {
            options.MaxRequestBodyBytes = long.TryParse(max, out var bytes) ? bytes : -1;
        }

        if (Env("HANGAR_MAX_PACKAGE_BYTES") is { } maxPackage)
        {
            options.MaxPackageBytes = long.TryParse(maxPackage, out var bytes) ? bytes : -1;
        }

        if (Env("HANGAR_AUTH_FAILURE_LIMIT") is { } failureLimit)
        {
            options.AuthFailureLimit = int.TryParse(failureLimit, out var limit) ? limit : -1;
        }

        if (Env("HANGAR_LEASE_SECONDS") is { } lease)
        {
            options.LeaseSeconds = double.TryParse(lease, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        if (Env("HANGAR_WATCHDOG_INTERVAL_SECONDS") is { } watchdog)
        {
            options.WatchdogIntervalSeconds = double.TryParse(watchdog, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        if (Env("HANGAR_CLAIM_RECHECK_SECONDS") is { } recheck)
        {
            options.ClaimRecheckSeconds = double.TryParse(recheck, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        if (Env("HANGAR_ALLOW_PRIVATE_WEBHOOKS") is { } allowPrivate)
        {
            options.AllowPrivateWebhooks = allowPrivate.Trim().ToLowerInvariant() is "1" or "true" or "yes";
        }

        if (Env("HANGAR_WEBHOOK_TIMEOUT_SECONDS") is { } webhookTimeout)
        {
            options.WebhookTimeoutSeconds = double.TryParse(webhookTimeout, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        if (Env("HANGAR_WEBHOOK_RETRY_SECONDS") is { } webhookRetry)
        {
            options.WebhookRetrySeconds = double.TryParse(webhookRetry, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        if (Env("HANGAR_WEBHOOK_IDLE_CHECK_SECONDS") is { } webhookIdle)
        {
            options.WebhookIdleCheckSeconds = double.TryParse(webhookIdle, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        if (Env("HANGAR_HOUSEKEEPING_INTERVAL_SECONDS") is { } housekeeping)
        {
            options.HousekeepingIntervalSeconds = double.TryParse(housekeeping, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : -1;
        }

        options.Blobs.ApplyEnvironment();
        if (Env("HANGAR_SIGNED_URL_LIFETIME_SECONDS") is { } lifetime)
        {
            options.SignedUrlLifetimeSeconds = int.TryParse(lifetime, out var seconds) ? seconds : -1;
        }

        return options;
    }

    /// <summary>Every problem with the configuration, one line each; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add($"--urls: '{url}' is not an http:// or https:// URL.");
            }
        }

        if (ServesMetrics)
        {
            var publicUrls = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var url in MetricsUrls!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "http" || uri.AbsolutePath != "/")
                {
                    problems.Add($"--metrics-urls: '{url}' is not an http://HOST:PORT address.");
                }
                else if (uri.Port != 0 && publicUrls.Any(p => Uri.TryCreate(p, UriKind.Absolute, out var u) && u.Port == uri.Port))
                {
                    problems.Add($"--metrics-urls: '{url}' uses the port of a --urls address; metrics are served on a listener of their own.");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            problems.Add("--data-dir must not be empty.");
        }

        if (!string.Equals(LogFormat, "simple", StringComparison.OrdinalIgnoreCase) && !JsonLogs)
        {
            problems.Add($"--log-format: '{LogFormat}' is neither simple nor json.");
        }

        if (LeaseSeconds is < 0.5 or > 3600 || double.IsNaN(LeaseSeconds))
        {
            problems.Add("LeaseSeconds must be between 0.5 and 3600.");
        }

        if (WatchdogIntervalSeconds is < 0.1 or > 300 || double.IsNaN(WatchdogIntervalSeconds))
        {
            problems.Add("WatchdogIntervalSeconds must be between 0.1 and 300.");
        }

        if (ClaimRecheckSeconds is { } recheckSeconds && (recheckSeconds is < 0.1 or > 3600 || double.IsNaN(recheckSeconds)))
        {
            problems.Add("ClaimRecheckSeconds must be between 0.1 and 3600.");
        }

        if (WebhookTimeoutSeconds is < 0.1 or > 60 || double.IsNaN(WebhookTimeoutSeconds))
        {
            problems.Add("WebhookTimeoutSeconds must be between 0.1 and 60.");
        }

        if (WebhookRetrySeconds is < 0.01 or > 3600 || double.IsNaN(WebhookRetrySeconds))
        {
            problems.Add("WebhookRetrySeconds must be between 0.01 and 3600.");
        }

        if (WebhookIdleCheckSeconds is < 0.1 or > 3600 || double.IsNaN(WebhookIdleCheckSeconds))
        {
            problems.Add("WebhookIdleCheckSeconds must be between 0.1 and 3600.");
        }

        if (HousekeepingIntervalSeconds is < 1 or > 86400 || double.IsNaN(HousekeepingIntervalSeconds))
        {
            problems.Add("HousekeepingIntervalSeconds must be between 1 and 86400 (a day).");
        }

        if (MaxRequestBodyBytes is < 1024 or > 1024L * 1024 * 1024)
        {
            problems.Add("MaxRequestBodyBytes must be between 1 KiB and 1 GiB.");
        }

        if (MaxPackageBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
        {
            problems.Add("MaxPackageBytes must be between 1 KiB and 4 GiB.");
        }

        if (AuthFailureLimit is < 3 or > 1_000_000)
        {
            problems.Add("AuthFailureLimit must be between 3 and 1000000.");
        }

        if (SignedUrlLifetimeSeconds is < 1 or > 7 * 24 * 3600)
        {
            problems.Add("SignedUrlLifetimeSeconds must be between 1 second and 7 days.");
        }

        if (!string.IsNullOrWhiteSpace(Database))
        {
            try
            {
                _ = DatabaseSettings.Parse(Database);
            }
            catch (Exception ex) when (ex is FormatException or UriFormatException or ArgumentException)
            {
                problems.Add($"--database: {ex.Message}");
            }
        }

        if (!string.IsNullOrEmpty(MasterKey))
        {
            try
            {
                _ = Core.Security.MasterKey.Parse(MasterKey);
            }
            catch (FormatException ex)
            {
                problems.Add($"HANGAR_MASTER_KEY: {ex.Message}");
            }
        }

        // The first admin's password follows the same rules as every other password (user 'admin').
        if (!string.IsNullOrEmpty(AdminPassword)
            && Core.Passwords.PasswordPolicy.Refusal(AdminPassword, Core.Services.Bootstrapper.AdminUsername, "HANGAR_ADMIN_PASSWORD") is { } refusal)
        {
            problems.Add($"{refusal.Message} ({refusal.Code})");
        }

        if (PublicUrl is not null && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var publicUri) || publicUri.Scheme is not ("http" or "https")
                                      || publicUri.Query.Length > 0 || publicUri.Fragment.Length > 0))
        {
            problems.Add($"--public-url: '{PublicUrl}' is not an http:// or https:// URL (without query or fragment).");
        }

        foreach (var proxy in TrustedProxies)
        {
            if (!ProxyTrust.TryParse(proxy, out _, out _))
            {
                problems.Add($"--trusted-proxy: '{proxy}' is not an IP address or a CIDR network (e.g. 10.0.0.0/8).");
            }
        }

        problems.AddRange(Blobs.Problems());
        problems.AddRange(TlsCertificate.Problems(this));
        problems.AddRange(MailProblems());
        return problems;
    }

    private IEnumerable<string> MailProblems()
    {
        var urls = !string.IsNullOrWhiteSpace(SmtpUrls);
        var domain = !string.IsNullOrWhiteSpace(MailDomain);
        if (urls != domain)
        {
            yield return urls
                ? "--smtp-urls needs --mail-domain (the domain of the processes' email addresses)."
                : "--mail-domain needs --smtp-urls (where to receive mail, e.g. smtp://0.0.0.0:2525).";
        }

        if (urls)
        {
            string? bad = null;
            try
            {
                _ = Smtp.SmtpUrls.Parse(SmtpUrls!);
            }
            catch (FormatException ex)
            {
                bad = ex.Message;
            }

            if (bad is not null)
            {
                yield return bad;
            }
        }

        if (domain && !Smtp.SmtpUrls.IsValidDomain(MailDomain!.Trim().TrimEnd('.')))
        {
            yield return $"--mail-domain: '{MailDomain}' is not a domain name (letters, digits, hyphens and dots, e.g. mail.example.com).";
        }

        if (MaxEmailBytes is < Core.EmailTriggers.EmailTriggerLimits.MinMaxMessageBytes or > Core.EmailTriggers.EmailTriggerLimits.MaxMaxMessageBytes)
        {
            yield return "MaxEmailBytes must be between 1 KiB and 1 GiB.";
        }
    }

    /// <summary>Whether any address to listen on is <c>https://</c>.</summary>
    public bool ListensOnHttps => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Any(u => u.TrimStart().StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
