namespace Hangar.Core.Webhooks;

/// <summary>What one attempt got: a status (null without an answer), how long it took, the answer's start, and why it failed.</summary>
/// <param name="Final">The failure cannot get better by retrying (the endpoint's address is not allowed).</param>
public sealed record WebhookSendResult(int? StatusCode, int LatencyMs, string? Response, string? Error, bool Final = false)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}
