namespace Hangar.Core.Coordination;

/// <summary>One node (SQLite allows no other): it always leads.</summary>
public sealed class SingleNodeLeadership : ILeadership
{
    public bool IsLeader => true;

    public bool CanElect => true;

    public Task<bool> IsLeaderAsync(CancellationToken ct) => Task.FromResult(true);
}
