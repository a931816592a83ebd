namespace Hangar.Core.RequestReplay;

/// <summary>Signatures of signed requests already accepted, shared by every node of an installation.</summary>
public interface IUsedRequestSignatureStore
{
    /// <summary>Records a signature as used; false when it was already recorded (a replay).</summary>
    Task<bool> TryUseAsync(UsedRequestSignature signature, CancellationToken ct);

    /// <summary>Forgets signatures whose timestamps are refused as too old before <paramref name="now"/> anyway.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct);
}
