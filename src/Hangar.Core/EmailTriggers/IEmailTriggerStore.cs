namespace Hangar.Core.EmailTriggers;

public interface IEmailTriggerStore
{
    Task<EmailTrigger?> FindAsync(string workspaceId, string processId, CancellationToken ct);

    /// <summary>The trigger whose address has this hash (see <see cref="EmailTrigger.AddressHash"/>), in any workspace.</summary>
    Task<EmailTrigger?> FindByAddressHashAsync(string addressHash, CancellationToken ct);

    /// <summary>Adds a new trigger, or writes the changes of one read from this store.</summary>
    Task SaveAsync(EmailTrigger trigger, CancellationToken ct);

    Task<bool> DeleteAsync(string workspaceId, string processId, CancellationToken ct);
}
