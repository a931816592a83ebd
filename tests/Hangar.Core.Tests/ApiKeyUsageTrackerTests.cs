using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Core.Tests;

public sealed class ApiKeyUsageTrackerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UsageBeingWritten_StillShowsAsPending_UntilTheWriteCommits()
    {
        var tracker = new ApiKeyUsageTracker();
        tracker.Record("k1", At, "10.0.0.1");
        var store = new BlockingUsageStore();

        var flush = tracker.FlushAsync(store, CancellationToken.None);
        await store.Entered.Task;
        tracker.Record("k1", At.AddSeconds(1), "10.0.0.2");
        var during = tracker.Pending("k1");
        Assert.Equal(2, during!.Count);
        Assert.Equal("10.0.0.2", during.LastUsedIp);

        store.Release.SetResult();
        await flush;
        Assert.Equal(1, tracker.Pending("k1")!.Count);
        Assert.Equal(1, Assert.Single(store.Written).Count);
    }

    [Fact]
    public async Task FailedWrite_PutsTheCountsBack()
    {
        var tracker = new ApiKeyUsageTracker();
        tracker.Record("k1", At, null);
        var store = new BlockingUsageStore { Fail = true };
        store.Release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => tracker.FlushAsync(store, CancellationToken.None));
        Assert.Equal(1, tracker.Pending("k1")!.Count);
    }

    /// <summary>Only the usage write is exercised; it waits until the test lets it finish.</summary>
    private sealed class BlockingUsageStore : IApiKeyStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<ApiKeyUsage> Written { get; } = [];
        public bool Fail { get; init; }

        public async Task ApplyUsageAsync(IReadOnlyCollection<ApiKeyUsage> usage, CancellationToken ct)
        {
            Entered.TrySetResult();
            await Release.Task;
            if (Fail)
            {
                throw new InvalidOperationException("write failed");
            }

            Written.AddRange(usage);
        }

        public Task AddAsync(ApiKey key, CancellationToken ct) => throw new NotSupportedException();
        public Task<ApiKey?> FindAsync(string workspaceId, string id, CancellationToken ct) => throw new NotSupportedException();
        public Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct) => throw new NotSupportedException();
        public Task<Page<ApiKey>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) => throw new NotSupportedException();
        public Task SaveAsync(ApiKey key, CancellationToken ct) => throw new NotSupportedException();
        public Task DeleteAsync(ApiKey key, CancellationToken ct) => throw new NotSupportedException();
    }
}
