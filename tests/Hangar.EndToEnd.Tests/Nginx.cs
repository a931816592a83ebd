using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// Debian's nginx run as a child of the test, as an operator runs it in front of Hangar: it terminates TLS and proxies
/// to Hangar's plain-http port with the usual X-Forwarded-* headers. Everything it writes (config, pid, logs, temp
/// files) stays in the test's folder; <c>daemon off</c> keeps it a child that dies with the test.
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary>nginx terminating TLS on <paramref name="port"/> for one Hangar on <paramref name="upstreamPort"/>.</summary>
    public static Task<Nginx> StartAsync(string directory, int port, int upstreamPort, string certPath, string keyPath) =>
        StartAsync(directory, port, string.Create(CultureInfo.InvariantCulture, $$"""
            server {
                listen 127.0.0.1:{{port}} ssl;
                ssl_certificate {{certPath}};
                ssl_certificate_key {{keyPath}};
                location / {
                    proxy_pass http://127.0.0.1:{{upstreamPort}};
                    {{ProxyHeaders}}
                }
            }
            """));

    /// <summary>
    /// nginx spreading plain-http requests over several Hangar nodes, as docs/operations.md's cluster guide sets it up:
    /// a node that refuses connections is skipped (a request that never reached it goes to the next node), responses
    /// are not buffered (console streams), and long polls may take their time.
    /// </summary>
    public static Task<Nginx> StartLoadBalancerAsync(string directory, int port, IEnumerable<int> upstreamPorts) =>
        StartAsync(directory, port, string.Create(CultureInfo.InvariantCulture, $$"""
            upstream hangar {
                {{string.Join("\n", upstreamPorts.Select(p => $"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;"))}}
                keepalive 32;
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://hangar;
                    proxy_set_header Connection "";
                    proxy_connect_timeout 2s;
                    proxy_next_upstream error timeout;
                    proxy_buffering off;
                    {{ProxyHeaders}}
                }
            }
            """));

    // What every proxied location sets (docs/operations.md): HTTP/1.1 upstream, the forwarded headers, room for long polls.
    private const string ProxyHeaders =
        "proxy_http_version 1.1; proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; " +
        "proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Forwarded-Host $http_host; proxy_read_timeout 120s;";

    private static async Task<Nginx> StartAsync(string directory, int port, string server)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install nginx (apt-get install nginx), as test.sh does.");
        Directory.CreateDirectory(Path.Combine(directory, "temp"));
        var config = Path.Combine(directory, "nginx.conf");
        // As root, nginx's workers would otherwise run as nobody and could not use the test's private folder.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{directory}}/access.log;
                client_body_temp_path {{directory}}/temp/body;
                proxy_temp_path {{directory}}/temp/proxy;
                fastcgi_temp_path {{directory}}/temp/fastcgi;
                uwsgi_temp_path {{directory}}/temp/uwsgi;
                scgi_temp_path {{directory}}/temp/scgi;
                client_max_body_size 100m;
            {{server}}
            }
            """));
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", config })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var nginx = new Nginx(process, directory);
        await nginx.WaitForPortAsync(port);
        return nginx;
    }

    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}\n{ErrorLog}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nginx did not listen on {port}:\n{ErrorLog}");
    }
}
