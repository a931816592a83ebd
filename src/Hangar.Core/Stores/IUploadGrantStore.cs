namespace Hangar.Core.Stores;

/// <summary>Upload URLs already used (recorded by the stores that apply the uploads, in the same transaction).</summary>
public interface IUploadGrantStore
{
    Task<bool> IsUsedAsync(string grantId, CancellationToken ct);

    /// <summary>Forgets grants whose URLs expired before <paramref name="now"/>: they are refused for their age anyway.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct);
}
