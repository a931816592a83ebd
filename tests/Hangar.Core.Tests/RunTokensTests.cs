using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;

namespace Hangar.Core.Tests;

public class RunTokensTests
{
    private static readonly StepRun StepRun = new()
    {
        Id = Ids.New(), WorkspaceId = Ids.New(), ProcessId = Ids.New(), ProcessRunId = Ids.New(), StepId = Ids.New(),
        TaskPackageVersionId = Ids.New(), State = StepRunState.InProgress,
    };

    [Fact]
    public void AnIssuedToken_ReadsBackItsClaims_AndStandsForARunScopedCaller()
    {
        var tokens = new RunTokens(MasterKey.Generate(), new Clock());
        var (token, expiresAt) = tokens.Issue(StepRun, TimeSpan.FromMinutes(10));
        Assert.StartsWith(RunTokens.Prefix, token, StringComparison.Ordinal);
        Assert.True(token.Length < 512);

        var claims = tokens.Read(token, out var expired);
        Assert.False(expired);
        Assert.NotNull(claims);
        Assert.Equal((StepRun.WorkspaceId, StepRun.ProcessId, StepRun.ProcessRunId, StepRun.Id), (claims.WorkspaceId, claims.ProcessId, claims.ProcessRunId, claims.StepRunId));
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), claims.ExpiresAt);

        var caller = RunTokens.CallerFor(claims, null);
        Assert.Equal(CallerKind.RunToken, caller.Kind);
        Assert.Equal(StepRun.WorkspaceId, caller.WorkspaceId);
        Assert.Equal(new RunScope(StepRun.ProcessId, StepRun.ProcessRunId, StepRun.Id), caller.Run);
        Assert.Equal("run_token", caller.ActorType);
        Assert.DoesNotContain(Permissions.ReadApiKeys, caller.GrantedPermissions!);
        Assert.DoesNotContain(Permissions.ReadProcesses, caller.GrantedPermissions!);
        Assert.DoesNotContain(Permissions.ReadSecrets, caller.GrantedPermissions!);
        Assert.Contains(Permissions.WriteWorkItems, caller.GrantedPermissions!);
        Assert.Contains(Permissions.ReadSecretValues, caller.GrantedPermissions!);
        Assert.Contains(Permissions.WriteAssets, caller.GrantedPermissions!);
    }

    [Fact]
    public void ATamperedToken_OrOneOfAnotherKey_IsRefused()
    {
        var key = MasterKey.Generate();
        var tokens = new RunTokens(key, new Clock());
        var (token, _) = tokens.Issue(StepRun, TimeSpan.FromMinutes(10));
        var dot = token.LastIndexOf('.');
        var payload = token[RunTokens.Prefix.Length..dot];
        // Another step run's claims under the original signature.
        var other = tokens.Issue(new StepRun
        {
            Id = Ids.New(), WorkspaceId = StepRun.WorkspaceId, ProcessId = StepRun.ProcessId, ProcessRunId = StepRun.ProcessRunId,
            StepId = StepRun.StepId, TaskPackageVersionId = StepRun.TaskPackageVersionId,
        }, TimeSpan.FromMinutes(10)).Token;
        var swapped = other[..other.LastIndexOf('.')] + token[dot..];
        foreach (var bad in new[]
                 {
                     swapped,
                     RunTokens.Prefix + payload[..^1] + (payload[^1] == 'A' ? 'B' : 'A') + token[dot..],
                     token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
                     "hgt_" + token[RunTokens.Prefix.Length..],
                     token.Replace(".", string.Empty, StringComparison.Ordinal),
                     RunTokens.Prefix + ".",
                     new RunTokens(MasterKey.Generate(), new Clock()).Issue(StepRun, TimeSpan.FromMinutes(10)).Token,
                 })
        {
            Assert.Null(tokens.Read(bad, out var expired));
            Assert.False(expired);
        }

        Assert.NotNull(new RunTokens(key, new Clock()).Read(token, out _));
    }

    [Fact]
    public void AToken_ExpiresAtItsLifetime_AndLifetimesAreBounded()
    {
        var clock = new Clock();
        var tokens = new RunTokens(MasterKey.Generate(), clock);
        var (token, _) = tokens.Issue(StepRun, TimeSpan.FromMinutes(10));
        clock.Now += TimeSpan.FromMinutes(9);
        Assert.NotNull(tokens.Read(token, out _));
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Null(tokens.Read(token, out var expired));
        Assert.True(expired);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Issue(StepRun, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Issue(StepRun, RunTokens.MaxLifetime + TimeSpan.FromSeconds(1)));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
