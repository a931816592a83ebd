using System.Net;
using System.Net.Http.Json;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary><c>hangar serve --urls https://…</c>: with a certificate it answers over TLS; without a usable one it does not start.</summary>
public sealed class HttpsServeTests : IDisposable
{
    private const int BadConfiguration = 2;
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-tls");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public async Task Serve_OverHttps_WithoutACertificate_IsRefusedWithOneLine()
    {
        var (code, output) = await HangarProcess.RunAsync(
            ["serve", "--urls", $"https://127.0.0.1:{HangarProcess.FreePort()}", "--data-dir", Path.Combine(_dir, "data"), "--no-worker"]);

        Assert.Equal(BadConfiguration, code);
        var line = Assert.Single(Lines(output));
        Assert.Contains("--tls-cert", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OverHttps_WithAPemCertificate_AnswersOverTls_WithHstsAndSecureCookies()
    {
        using var certificate = TestCertificate.CreatePem(_dir);
        var url = $"https://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(
            ["serve", "--urls", url, "--data-dir", Path.Combine(_dir, "data"), "--no-worker", "--tls-cert", certificate.CertPath, "--tls-key", certificate.KeyPath],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        using var handler = certificate.TrustingHandler();
        await server.WaitUntilReadyAsync($"{url}/readyz", handler);
        using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(url) };

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("secure", login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hangar_session=", StringComparison.Ordinal)),
            StringComparison.OrdinalIgnoreCase);
        Assert.True(login.Headers.Contains("Strict-Transport-Security"));
        using var me = await client.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains($"Hangar is running at {url}", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task Serve_OverHttps_WithAPfx_StartsWithItsPassword_AndIsRefusedWithAWrongOne()
    {
        using var certificate = TestCertificate.CreatePem(_dir);
        var pfx = certificate.WritePfx(Path.Combine(_dir, "server.pfx"), "pfx-password");
        var url = $"https://127.0.0.1:{HangarProcess.FreePort()}";
        string[] args = ["serve", "--urls", url, "--data-dir", Path.Combine(_dir, "data"), "--no-worker", "--tls-cert", pfx];

        var (code, output) = await HangarProcess.RunAsync(args, new Dictionary<string, string> { ["HANGAR_TLS_CERT_PASSWORD"] = "not-it" });
        Assert.Equal(BadConfiguration, code);
        Assert.Contains("--tls-cert", Assert.Single(Lines(output)), StringComparison.Ordinal);

        await using var server = HangarProcess.Start(args, new Dictionary<string, string>
        {
            ["HANGAR_ADMIN_PASSWORD"] = Password, ["HANGAR_TLS_CERT_PASSWORD"] = "pfx-password",
        });
        using var handler = certificate.TrustingHandler();
        await server.WaitUntilReadyAsync($"{url}/readyz", handler);
        Assert.Equal(0, await server.StopAsync());
    }

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
