namespace Hangar.Core.Webhooks;

/// <summary>One attempt to deliver: a line of the delivery log.</summary>
public sealed class WebhookDeliveryAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; init; }
    public required string WorkspaceId { get; init; }
    public string? WebhookId { get; init; }

    /// <summary>1 for the first attempt of the delivery, 2 for the first retry, ...</summary>
    public int Attempt { get; init; }

    public required string Event { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }

    /// <summary>The receiver's HTTP status; null when no answer came (timeout, refused connection, address not allowed).</summary>
    public int? StatusCode { get; init; }

    public int LatencyMs { get; init; }

    /// <summary>The first <see cref="WebhookLimits.ResponseExcerptBytes"/> of the answer's body.</summary>
    public string? Response { get; init; }

    /// <summary>Why no 2xx answer came: <c>timeout</c>, <c>connection_failed</c>, <c>address_not_allowed</c>, <c>http_status</c>, ...</summary>
    public string? Error { get; init; }
}
