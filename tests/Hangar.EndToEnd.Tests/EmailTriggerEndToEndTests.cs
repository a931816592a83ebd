using System.Diagnostics;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// <c>hangar serve</c> receiving mail: a message with two attachments, sent over a real socket (Python's smtplib on one
/// node; MailKit to both of two nodes on PostgreSQL), starts one run, and the embedded worker runs a robot that reads
/// the message and both attachments through robocorp-workitems' routes.
/// </summary>
public sealed class EmailTriggerEndToEndTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private const string Domain = "mail.e2e.test";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-email");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task AnEmailWithTwoAttachments_StartsARun_WhoseRobotReadsThem()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var smtpPort = HangarProcess.FreePort();
        await using var server = HangarProcess.Start(
            ["serve", "--urls", url, "--data-dir", _dataDir, "--smtp-urls", $"smtp://127.0.0.1:{smtpPort}", "--mail-domain", Domain], Env());
        await server.WaitUntilReadyAsync($"{url}/readyz");

        await MailAndCheckAsync(url, server, server, (address, sent) => SmtplibAsync(address, smtpPort, sent));
        Assert.Contains($"Email triggers: receiving mail for @{Domain} on smtp://127.0.0.1:{smtpPort}", server.Output, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task OnTwoNodesWithPostgres_EachNodeTakesMail_AndAMessageDeliveredToBothStartsOneRun()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var (urlA, urlB) = ($"http://127.0.0.1:{HangarProcess.FreePort()}", $"http://127.0.0.1:{HangarProcess.FreePort()}");
        var (smtpA, smtpB) = (HangarProcess.FreePort(), HangarProcess.FreePort());
        // Node A runs the robots; node B only serves, and takes mail as A does.
        await using var a = HangarProcess.Start(["serve", "--urls", urlA, "--data-dir", _dataDir, "--database", database.Settings.ConnectionString,
            "--smtp-urls", $"smtp://127.0.0.1:{smtpA}", "--mail-domain", Domain], Env());
        await a.WaitUntilReadyAsync($"{urlA}/readyz");
        await using var b = HangarProcess.Start(["serve", "--urls", urlB, "--data-dir", _dataDir, "--database", database.Settings.ConnectionString,
            "--smtp-urls", $"smtp://127.0.0.1:{smtpB}", "--mail-domain", Domain, "--no-worker"], Env());
        await b.WaitUntilReadyAsync($"{urlB}/readyz");

        // A relay that lost the first answer delivers again, here to the other node: still one run.
        await MailAndCheckAsync(urlA, a, b, async (address, sent) =>
        {
            var message = EmailRobot.MailKitMessage(address);
            await MailKitAsync(message, smtpB, sent);
            await MailKitAsync(message, smtpA, sent);
        });
        Assert.Equal(0, await b.StopAsync());
        Assert.Equal(0, await a.StopAsync());
    }

    [Theory]
    [InlineData("--smtp-urls smtp://127.0.0.1:2525", "needs --mail-domain")]
    [InlineData("--mail-domain mail.example.com", "needs --smtp-urls")]
    [InlineData("--smtp-urls http://127.0.0.1:25 --mail-domain mail.example.com", "is not smtp://HOST:PORT")]
    [InlineData("--smtp-urls smtp://mail.example.com:25 --mail-domain mail.example.com", "is not smtp://HOST:PORT")]
    [InlineData("--smtp-urls smtp://127.0.0.1:2525 --mail-domain not_a_domain", "is not a domain name")]
    public async Task Serve_WithHalfOrBadMailConfiguration_ExitsWithOneClearLine(string flags, string expected)
    {
        var (code, output) = await HangarProcess.RunAsync(["serve", "--data-dir", _dataDir, .. flags.Split(' ')]);
        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("hangar: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WhenTheSmtpPortIsTaken_ExitsWithOneClearLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output) = await HangarProcess.RunAsync(["serve", "--urls", $"http://127.0.0.1:{HangarProcess.FreePort()}", "--data-dir", _dataDir,
            "--no-worker", "--smtp-urls", $"smtp://127.0.0.1:{port}", "--mail-domain", Domain], Env());
        Assert.Equal(1, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"hangar: cannot listen for email on smtp://127.0.0.1:{port}: ", line, StringComparison.Ordinal);
    }

    private static async Task MailAndCheckAsync(string url, HangarProcess worker, HangarProcess receiver, Func<string, List<string>, Task> send)
    {
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", EmailRobot.Yaml), ("robot.py", EmailRobot.Script)));
        using var put = await api.PutAsync($"/api/v1/workspaces/{ws}/processes/{process}/email-trigger",
            Json.Body(new { enabled = true, parse = true }));
        var address = (await Json.ReadAsync(put))["address"]!.GetValue<string>();
        Assert.EndsWith("@" + Domain, address, StringComparison.Ordinal);

        var sent = new List<string>();
        await send(address, sent);
        Assert.True(sent.Count > 0 && sent.All(r => r.StartsWith("sent", StringComparison.Ordinal)), $"{string.Join('\n', sent)}\n{receiver.Output}");

        var runs = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray();
        var run = Assert.Single(runs)!;
        Assert.Equal("email", run["started_by"]!["type"]!.GetValue<string>());
        var runId = run["id"]!.GetValue<string>();
        var ended = await E2eApi.WaitForRunAsync(api, ws, runId, worker);
        Assert.True(ended["state"]!.GetValue<string>() == "completed", $"{ended}\n{worker.Output}");
        var stepRunId = await E2eApi.WaitForStepRunAsync(api, ws, runId, "completed", worker);
        var console = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray()
            .Select(m => m!["message"]!.GetValue<string>()).ToList();
        Assert.Contains($"email from Alice Example <alice@example.com> to {address}: Invoices for March ({DateTime.UtcNow.Year})", console);
        Assert.Contains("text: Two invoices attached.", console);
        Assert.Contains("file first.pdf: %PDF-1.4 first invoice", console);
        Assert.Contains("file second.csv: customer,amount|ACME,42", console);
        Assert.Contains("file __mail.html: <p>Two <b>invoices</b> attached.</p>", console);
        Assert.Contains(console, l => l.StartsWith("raw message: ", StringComparison.Ordinal));
        Assert.Contains("done", console);
    }

    private static async Task SmtplibAsync(string address, int port, List<string> sent)
    {
        var (code, output) = await PythonAsync(EmailRobot.Sender, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), address);
        sent.Add(code == 0 ? output : $"smtplib failed ({code}): {output}");
    }

    private static async Task MailKitAsync(MimeKit.MimeMessage message, int port, List<string> sent)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        try
        {
            sent.Add("sent: " + await client.SendAsync(message));
        }
        catch (MailKit.Net.Smtp.SmtpCommandException ex)
        {
            sent.Add($"refused on port {port}: {(int)ex.StatusCode} {ex.Message}");
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }

    private static async Task<(int Code, string Output)> PythonAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await python.WaitForExitAsync(timeout.Token);
        return (python.ExitCode, await output + await errors);
    }

    private static Dictionary<string, string> Env() => new() { ["HANGAR_ADMIN_PASSWORD"] = Password };
}
