using System.Security.Cryptography;

namespace Hangar.Core.Webhooks;

/// <summary>How deliveries are sent and retried. The defaults are the documented behaviour; tests shorten the waits.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Whether endpoints on loopback, link-local and private addresses are allowed (<c>--allow-private-webhooks</c>).
    /// Off by default: a webhook must not become a way to reach the server's own network.
    /// </summary>
    public bool AllowPrivateEndpoints { get; init; }

    /// <summary>How long one attempt may take, from connecting to the end of the (bounded) answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long after its creation a delivery is still tried.</summary>
    public TimeSpan RetryWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How many receivers are sent to at once (deliveries to one receiver always go one at a time).</summary>
    public int MaxConcurrentTargets { get; init; } = 16;

    /// <summary>
    /// How often the sender looks at the outbox without a wake-up, as a safety net (wake-ups come when events are
    /// written, on any node), and how often a node that does not lead asks whether it leads now.
    /// </summary>
    public TimeSpan IdleCheck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node holds a delivery it is sending: longer than an attempt can take, so nobody else sends it
    /// meanwhile; after a crash the delivery is tried again once it runs out (at least once, never lost).
    /// </summary>
    public TimeSpan Lease => Timeout + TimeSpan.FromSeconds(30);

    /// <summary>
    /// When to try again after <paramref name="attemptsMade"/> failed attempts, or null once the next attempt would
    /// fall after <paramref name="giveUpAt"/>. Exponential backoff with up to 10 % random lengthening, so that many
    /// deliveries failing together do not all come back at the same instant.
    /// </summary>
    public DateTimeOffset? NextAttempt(int attemptsMade, DateTimeOffset now, DateTimeOffset giveUpAt)
    {
        var delay = RetryDelay(attemptsMade);
        delay += TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * RandomNumberGenerator.GetInt32(0, 1000) / 1000.0));
        var next = now + delay;
        return next <= giveUpAt ? next : null;
    }

    /// <summary>The wait after <paramref name="attemptsMade"/> failed attempts, before jitter: first, 2×first, 4×first, ... up to the maximum.</summary>
    public TimeSpan RetryDelay(int attemptsMade)
    {
        var doublings = Math.Clamp(attemptsMade - 1, 0, 30);
        var ticks = FirstRetryDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
