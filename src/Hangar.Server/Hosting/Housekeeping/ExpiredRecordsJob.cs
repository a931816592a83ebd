using Hangar.Core.Invitations;
using Hangar.Core.RequestReplay;
using Hangar.Core.Runs;
using Hangar.Core.Stores;

namespace Hangar.Server.Hosting.Housekeeping;

/// <summary>
/// Deletes records that only matter until they expire (sessions, idempotency keys, used upload URLs, invitations, used
/// request signatures), so those tables do not grow without bound. The deletes are harmless twice.
/// </summary>
public sealed class ExpiredRecordsJob(ISessionStore sessions, IRunStore runs, IUploadGrantStore uploadGrants, IInvitationStore invitations,
    IUsedRequestSignatureStore signatures, TimeProvider time) : IHousekeepingJob
{
    public string Name => "expired records";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var removed = await sessions.DeleteExpiredAsync(now, ct);
        removed += await runs.ForgetIdempotencyAsync(null, null, now - RunLimits.IdempotencyWindow, ct);
        // Used upload URLs are refused for their age once expired: their records can go.
        removed += await uploadGrants.DeleteExpiredAsync(now, ct);
        // Expired invitations can no longer be accepted; they are only clutter.
        removed += await invitations.DeleteExpiredAsync(now, ct);
        // So are signatures of signed requests whose timestamps are too old by now.
        removed += await signatures.DeleteExpiredAsync(now, ct);
        return removed;
    }
}
