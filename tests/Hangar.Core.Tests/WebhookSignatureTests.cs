using System.Security.Cryptography;
using System.Text;
using Hangar.Core.Webhooks;

namespace Hangar.Core.Tests;

public class WebhookSignatureTests
{
    [Fact]
    public void TheSignature_IsLowerCaseHexOfHmacSha256_OverTheRawBody()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"e1","event":"process_run.completed","payload":{"workspaceId":"w"}}""");
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_secret"), body));

        Assert.Equal(expected, WebhookSignature.Compute("whsec_secret", body));
        Assert.True(WebhookSignature.Verify("whsec_secret", body, expected));
        Assert.True(WebhookSignature.Verify("whsec_secret", body, expected.ToUpperInvariant()));
        Assert.False(WebhookSignature.Verify("whsec_other", body, expected));
        Assert.False(WebhookSignature.Verify("whsec_secret", [.. body, (byte)' '], expected));
        Assert.False(WebhookSignature.Verify("whsec_secret", body, null));
    }

    [Fact]
    public void AKnownVector_SignsAsRfc4231Says()
    {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookSignature.Compute("Jefe", Encoding.ASCII.GetBytes("what do ya want for nothing?")));
    }
}
