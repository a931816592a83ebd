namespace Hangar.Core.Webhooks;

/// <summary>
/// An HTTP endpoint that receives the workspace's run events (or one process's), signed with its own secret. The
/// secret is kept encrypted under the master key, because the server must sign every delivery with it; it is shown
/// to people only once, when the webhook is created.
/// </summary>
public sealed class Webhook
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>The one process whose events it receives; null for every process of the workspace.</summary>
    public string? ProcessId { get; init; }

    public required string Name { get; set; }
    public required string Endpoint { get; set; }

    /// <summary>The events it receives (<see cref="WebhookEvents"/>), in catalog order.</summary>
    public required List<string> Events { get; set; }

    public required byte[] EncryptedSecret { get; init; }

    /// <summary>The secret's first characters, safe to show, so people can tell which secret a receiver holds.</summary>
    public required string SecretPreview { get; init; }

    public string? CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The context the secret is encrypted under, binding the ciphertext to this webhook.</summary>
    public static string SecretContext(string webhookId) => $"webhook:{webhookId}";
}
