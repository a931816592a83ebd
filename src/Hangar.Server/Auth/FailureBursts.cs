using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Auth;

/// <summary>What a counted failure started a block for: the address, the identifier, both or neither. Each start is audited once.</summary>
public sealed record FailureBursts(string? Address, PresentedIdentifier? Identifier)
{
    /// <summary>Writes an audit entry per block this failure started, attributed to the route's workspace when it names one.</summary>
    public async Task AuditAsync(AuditLog audit, string? clientAddress, string? workspaceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var workspace = Core.Domain.Ids.IsWellFormed(workspaceId) ? workspaceId : null;
        if (Address is not null)
        {
            await audit.RecordAsync(Caller.Anonymous(clientAddress), AuditActions.FailedAuthenticationBurst,
                new AuditTarget("client_address", Address, Address, workspace), ct);
        }

        if (Identifier is not null)
        {
            await audit.RecordAsync(Caller.Anonymous(clientAddress), AuditActions.FailedAuthenticationBurst,
                new AuditTarget(Identifier.Type, Identifier.Value, Identifier.Value, workspace), ct);
        }
    }
}
