using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Storage;

namespace Hangar.Core.Tests;

public class SignedUrlSignerTests
{
    private readonly MasterKey _key = MasterKey.Generate();
    private readonly ManualTime _time = new(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static SignedUrlPolicy Download(DateTimeOffset expiresAt) => new()
    {
        Operation = SignedUrlPolicy.Download,
        ExpiresAt = expiresAt.ToUnixTimeSeconds(),
        DownloadGrant = new DownloadGrant("ws/a/packages/b.zip", "robot.zip", "application/zip"),
    };

    [Fact]
    public void ASignedPolicy_VerifiesUntilItExpires()
    {
        var signer = new SignedUrlSigner(_key, _time);
        var (policy, signature) = signer.Sign(Download(_time.GetUtcNow().AddMinutes(5)));
        Assert.Equal("ws/a/packages/b.zip", signer.Verify(policy, signature, SignedUrlPolicy.Download).DownloadGrant!.BlobKey);

        _time.Now = _time.Now.AddMinutes(5);
        Assert.Equal("url_expired", Assert.Throws<HangarException>(() => signer.Verify(policy, signature, SignedUrlPolicy.Download)).Code);
    }

    [Fact]
    public void AnUploadGrant_RoundTripsWholly()
    {
        var signer = new SignedUrlSigner(_key, _time);
        var grant = new UploadGrant("g1", UploadGrant.TaskPackageTarget, "ws1", "pkg1", 1234, CallerKind.UserToken, "u1", "Ann Example");
        var (policy, signature) = signer.Sign(new SignedUrlPolicy
        {
            Operation = SignedUrlPolicy.Upload,
            ExpiresAt = _time.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds(),
            UploadGrant = grant,
        });
        Assert.Equal(grant, signer.Verify(policy, signature, SignedUrlPolicy.Upload).UploadGrant);
    }

    [Fact]
    public void AlteredPolicies_ForeignSignatures_AndMissingParts_AreRefused()
    {
        var signer = new SignedUrlSigner(_key, _time);
        var (policy, signature) = signer.Sign(Download(_time.GetUtcNow().AddMinutes(5)));
        var (otherPolicy, _) = signer.Sign(Download(_time.GetUtcNow().AddHours(5)));
        var foreign = new SignedUrlSigner(MasterKey.Generate(), _time).Sign(Download(_time.GetUtcNow().AddMinutes(5)));

        foreach (var (p, s) in new[]
                 {
                     (otherPolicy, signature), (policy[..^1] + (policy[^1] == 'A' ? 'B' : 'A'), signature), (policy, signature[..^2]),
                     (foreign.Policy, foreign.Signature), (policy, null), (null, signature), (string.Empty, string.Empty),
                 })
        {
            Assert.Equal("invalid_signature", Assert.Throws<HangarException>(() => signer.Verify(p, s, SignedUrlPolicy.Download)).Code);
        }
    }

    [Fact]
    public void ADownloadUrl_IsNoUploadUrl()
    {
        var signer = new SignedUrlSigner(_key, _time);
        var (policy, signature) = signer.Sign(Download(_time.GetUtcNow().AddMinutes(5)));
        var error = Assert.Throws<HangarException>(() => signer.Verify(policy, signature, SignedUrlPolicy.Upload));
        Assert.Equal("wrong_url_operation", error.Code);
        Assert.Equal(ErrorKind.Forbidden, error.Kind);
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
