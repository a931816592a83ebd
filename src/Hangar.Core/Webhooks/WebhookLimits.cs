namespace Hangar.Core.Webhooks;

/// <summary>Bounds on webhooks and what their deliveries keep.</summary>
public static class WebhookLimits
{
    public const int MaxPerWorkspace = 100;
    public const int MaxEndpointLength = 2000;

    /// <summary>How much of a receiver's answer is kept in the log.</summary>
    public const int ResponseExcerptBytes = 1024;

    /// <summary>How long deliveries and their attempts stay in the log (as Control Room keeps its webhook logs).</summary>
    public static readonly TimeSpan LogRetention = TimeSpan.FromDays(14);

    public const string SecretPrefix = "whsec_";
    public const int SecretRandomLength = 32;
}
