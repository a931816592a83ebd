using Hangar.Core.Coordination;

namespace Hangar.Core.Webhooks;

/// <summary>
/// Wakes this node's sender when deliveries were written, so an event goes out at once rather than at the next look.
/// Raised after the writing transaction commits (the sender must find the rows); other nodes hear of it through the
/// database (PostgreSQL <c>NOTIFY</c> on <c>hangar_webhooks</c>, in the same transaction).
/// </summary>
public sealed class WebhookSignal : WakeSignal;
