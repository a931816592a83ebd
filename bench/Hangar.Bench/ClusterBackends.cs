using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Hangar.Bench;

/// <summary>
/// What the cluster benchmark's nodes run on besides PostgreSQL: an S3 bucket (on the server given with
/// <c>--s3-endpoint</c>, or on an s3rver started here from <c>.tools/s3rver</c> with a temp folder) and nginx as the
/// load balancer in front of the nodes, configured as docs/operations.md's cluster guide (and the CI-sized cluster
/// test) sets it up. Every file nginx and s3rver write stays in the benchmark's temp folder; disposing stops both and
/// removes the bucket (on a server of the user's own) or the whole s3rver.
/// </summary>
internal sealed class ClusterBackends : IAsyncDisposable
{
    public const string NginxExecutable = "/usr/sbin/nginx";

    private readonly List<Process> _processes = [];
    private AmazonS3Client? _s3;
    private bool _ownS3Server;

    private ClusterBackends(string directory) => Directory = directory;

    public string Directory { get; }

    public string S3Endpoint { get; private set; } = "";

    public string Bucket { get; private set; } = "";

    public string AccessKeyId { get; } = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? "S3RVER";

    public string SecretAccessKey { get; } = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? "S3RVER";

    /// <summary>A fresh bucket on <paramref name="endpoint"/>, or on an s3rver of its own when that is null.</summary>
    public static async Task<ClusterBackends> StartS3Async(string directory, string? endpoint, string? repositoryRoot, CancellationToken ct)
    {
        var backends = new ClusterBackends(directory);
        try
        {
            if (endpoint is null)
            {
                var s3rver = Path.Combine(repositoryRoot ?? ".", ".tools", "s3rver", "node_modules", ".bin", "s3rver");
                if (!File.Exists(s3rver))
                {
                    throw new BenchException($"no s3rver at {s3rver}: run ./test.sh once, or 'npm install --prefix .tools/s3rver s3rver@3.7.1' "
                        + "in the repository root, or give --s3-endpoint URL.");
                }

                var port = HangarProcess.FreeLoopbackPort();
                var data = System.IO.Directory.CreateDirectory(Path.Combine(directory, "s3rver")).FullName;
                backends.Start(s3rver, "-d", data, "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--silent");
                await backends.WaitForPortAsync(port, "s3rver", ct);
                endpoint = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
                backends._ownS3Server = true;
            }

            backends.S3Endpoint = endpoint;
            backends._s3 = new AmazonS3Client(new BasicAWSCredentials(backends.AccessKeyId, backends.SecretAccessKey), new AmazonS3Config
            {
                ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
            backends.Bucket = "hangar-bench-" + Guid.NewGuid().ToString("N")[..16];
            await backends._s3.PutBucketAsync(new PutBucketRequest { BucketName = backends.Bucket }, ct);
            return backends;
        }
        catch
        {
            await backends.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a <c>hangar</c> node needs to reach the bucket through the AWS credential chain.</summary>
    public Dictionary<string, string> NodeEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["HANGAR_S3_ENDPOINT"] = S3Endpoint,
        ["HANGAR_S3_FORCE_PATH_STYLE"] = "true",
    };

    /// <summary>
    /// nginx on <paramref name="port"/> spreading requests over the nodes: a node that refuses connections is skipped
    /// (a request that never reached it goes to the next one), responses are not buffered (console streams), and long
    /// polls may take their time.
    /// </summary>
    public async Task StartLoadBalancerAsync(int port, IEnumerable<int> nodePorts, CancellationToken ct)
    {
        if (!File.Exists(NginxExecutable))
        {
            throw new BenchException($"{NginxExecutable} is missing: install nginx (apt-get install nginx).");
        }

        var dir = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "nginx")).FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "temp"));
        var config = Path.Combine(dir, "nginx.conf");
        // As root, nginx's workers would otherwise run as nobody and could not use the benchmark's private folder.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        var upstreams = string.Join("\n", nodePorts.Select(p => $"        server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=5s;"));
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/temp/body;
                proxy_temp_path {{dir}}/temp/proxy;
                fastcgi_temp_path {{dir}}/temp/fastcgi;
                uwsgi_temp_path {{dir}}/temp/uwsgi;
                scgi_temp_path {{dir}}/temp/scgi;
                client_max_body_size 100m;
                upstream hangar {
            {{upstreams}}
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
                        proxy_http_version 1.1;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $http_host;
                        proxy_read_timeout 120s;
                    }
                }
            }
            """), ct);
        Start(NginxExecutable, "-p", dir, "-e", Path.Combine(dir, "error.log"), "-c", config);
        await WaitForPortAsync(port, "nginx", ct);
    }

    public async ValueTask DisposeAsync()
    {
        // The benchmark's own s3rver goes away with its folder; a bucket on the user's server is emptied and removed.
        if (_s3 is not null && !_ownS3Server && Bucket.Length > 0)
        {
            try
            {
                var request = new ListObjectsV2Request { BucketName = Bucket };
                while (true)
                {
                    var page = await _s3.ListObjectsV2Async(request);
                    if (page.S3Objects is { Count: > 0 } objects)
                    {
                        await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
                        {
                            BucketName = Bucket, Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })],
                        });
                    }

                    if (page.IsTruncated != true)
                    {
                        break;
                    }

                    request.ContinuationToken = page.NextContinuationToken;
                }

                await _s3.DeleteBucketAsync(Bucket);
            }
            catch (AmazonServiceException ex)
            {
                await Console.Error.WriteLineAsync($"could not remove the bucket {Bucket}: {ex.Message}");
            }
        }

        _s3?.Dispose();
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            ChildProcesses.Forget(process);
            process.Dispose();
        }
    }

    private void Start(string executable, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new BenchException($"could not start {executable}.");
        // Read (and drop) its output so that a full pipe can never stall it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        ChildProcesses.Track(process);
        _processes.Add(process);
    }

    private async Task WaitForPortAsync(int port, string name, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_processes[^1].HasExited)
            {
                var log = Path.Combine(Directory, "nginx", "error.log");
                throw new BenchException($"{name} exited with {_processes[^1].ExitCode}. {(File.Exists(log) ? await File.ReadAllTextAsync(log, ct) : "")}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, ct);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, ct);
            }
        }

        throw new BenchException($"{name} did not listen on port {port} within 30 s.");
    }
}
