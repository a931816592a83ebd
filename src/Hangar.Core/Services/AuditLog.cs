using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Writes and reads audit events. Callers pass names and ids only, never secret values.</summary>
public sealed class AuditLog(IAuditStore store, TimeProvider time)
{
    public Task RecordAsync(Caller actor, string action, AuditTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(target);
        return store.AddAsync(new AuditEvent
        {
            Id = Ids.New(),
            OrganizationId = target.OrganizationId,
            WorkspaceId = target.WorkspaceId,
            ActorType = actor.ActorType,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            TargetType = target.Type,
            TargetId = target.Id,
            TargetName = ClientText.Clip(target.Name, 200),
            ClientAddress = ClientText.Clip(actor.ClientAddress),
            CreatedAt = time.GetUtcNow(),
        }, ct);
    }

    public Task<Page<AuditEvent>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) =>
        store.ListAsync(workspaceId, null, page, ct);

    /// <summary>A workspace's events of one action (e.g. <c>vault_secret.created</c>), newest first; all of them when it is null or empty.</summary>
    public Task<Page<AuditEvent>> ListAsync(string workspaceId, string? action, PageRequest page, CancellationToken ct) =>
        store.ListAsync(workspaceId, string.IsNullOrWhiteSpace(action) ? null : action.Trim(), page, ct);
}
