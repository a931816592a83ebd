using Hangar.Core.Webhooks;

namespace Hangar.Core.Tests;

public class WebhookOptionsTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retries_WaitTwiceAsLongEachTime_UpToAnHour()
    {
        var options = new WebhookOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), options.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(20), options.RetryDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(40), options.RetryDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(2560), options.RetryDelay(9));
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelay(10));
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelay(1000));
    }

    [Fact]
    public void ADelivery_IsRetriedFor24Hours_ThenGivenUp()
    {
        var options = new WebhookOptions();
        var giveUpAt = T0 + options.RetryWindow;
        var at = T0;
        var attempts = 1;
        while (options.NextAttempt(attempts, at, giveUpAt) is { } next)
        {
            // Never sooner than the backoff, at most 10 % later.
            Assert.InRange(next - at, options.RetryDelay(attempts), options.RetryDelay(attempts) * 1.1);
            at = next;
            attempts++;
        }

        Assert.InRange(at, T0.AddHours(22), giveUpAt);
        Assert.InRange(attempts, 25, 40);
    }
}
