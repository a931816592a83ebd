using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Walks every operation of every OpenAPI document with the right credential and real objects in its path, and sends
/// each a set of malformed bodies, Content-Types and queries: nothing answers 5xx, and every refusal keeps the error
/// shape <c>{"error":{"code","message"}}</c>.
/// </summary>
public sealed class MalformedRequestTests
{
    private static readonly string[] Documents = ["v1", "rcc", "process-v1", "legacy", "blobs", "secrets-v1", "json-v1", "worker-v1"];

    /// <summary>On both databases: PostgreSQL refuses text SQLite keeps (a NUL character), and each has its own errors.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task EveryRoute_AnswersMalformedRequests_WithA4xxInTheErrorShape_NeverA5xx(DatabaseProvider provider)
    {
        // The walk's own failed authentications (a run token after its step run ended, a signed request replayed within
        // its second) would start the throttle's block, and a 429 proves nothing about the route behind it.
        await using var server = await HangarTestServer.StartAsync(provider, o => o.AuthFailureLimit = 1_000_000);
        using var world = await WalkWorld.CreateAsync(server);
        var operations = await OperationsAsync(server);
        var failures = new ConcurrentBag<string>();
        var sent = 0;

        async Task SendAllAsync(IEnumerable<(Operation Operation, Malformed Case)> requests, int parallel)
        {
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (request, _) =>
            {
                Interlocked.Increment(ref sent);
                try
                {
                    if (await CheckAsync(world, request.Operation, request.Case) is { } failure)
                    {
                        failures.Add(failure);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or Xunit.Sdk.XunitException)
                {
                    failures.Add($"{request.Operation.Method} {request.Operation.Path} with {request.Case.Name}: {ex.Message}");
                }
            });
        }

        // Writes with malformed bodies first, then every read (of whatever the writes let through), then the requests
        // that may succeed whatever their body and change the objects the others use (a rotated process secret, a
        // stopped run, a completed step run), then deletions, the logout, and last the sign-ins, whose failures the
        // throttle counts.
        var writes = operations.Where(o => o.Method is not ("GET" or "DELETE") && !o.IsSignIn).ToList();
        await SendAllAsync(writes.Where(o => !o.ChangesStateWithAnyBody).SelectMany(o => o.Cases.Select(c => (o, c))), 8);
        await SendAllAsync(operations.Where(o => o.Method == "GET").SelectMany(o => MalformedBodies.Generic.Where(c => c.Body is null)
            .Append(new Malformed("a plain read", null, null)).Select(c => (o, c))), 8);
        await SendAllAsync(writes.Where(o => o.ChangesStateWithAnyBody).SelectMany(o => o.Cases.Select(c => (o, c)))
            .Concat(writes.SelectMany(o => MalformedBodies.Empty.Select(c => (o, c)))), 8);
        await SendAllAsync(operations.Where(o => o.Method == "DELETE" || o.IsSignIn)
            .OrderBy(o => o.Path.EndsWith("/login", StringComparison.Ordinal)).ThenBy(o => o.Path == "/api/v1/workspaces/{workspace_id}")
            .SelectMany(o => (o.Method == "DELETE" ? MalformedBodies.Generic.Take(3) : o.Cases).Concat(MalformedBodies.Empty).Select(c => (o, c))), 1);

        Assert.True(sent > 1000, $"only {sent} requests were sent");
        var errors = server.Logs.Lines.Where(l => l.StartsWith("Error Hangar.Server.Errors", StringComparison.Ordinal)).Select(l => Clip(l, 600));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests failed:\n" + string.Join('\n', failures.Order(StringComparer.Ordinal).Take(60))
            + "\nThe server logged:\n" + string.Join('\n', errors.Distinct().Take(60)));
    }

    private static async Task<string?> CheckAsync(WalkWorld world, Operation operation, Malformed malformed)
    {
        var query = operation.Path switch
        {
            "/blobs/upload" => await world.UploadQueryAsync(),
            "/blobs/download" => await world.DownloadQueryAsync(),
            _ => string.Empty,
        };
        if (malformed.Query.Length > 0)
        {
            query = query.Length == 0 ? malformed.Query : query + "&" + malformed.Query[1..];
        }

        var body = malformed.Body ?? [];
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), world.Fill(operation.Path) + query);
        if (malformed.Body is not null)
        {
            request.Content = new ByteArrayContent(malformed.Body);
            request.Content.Headers.ContentType = null;
            if (malformed.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", malformed.ContentType);
            }
        }

        foreach (var (name, value) in malformed.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        world.Authorize(request, operation.Access, body);
        using var response = await world.ClientFor(operation.Access).SendAsync(request);
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            // A throttled request never reached the route: the walk would prove nothing about it.
            return $"{operation.Method} {operation.Path} with {malformed.Name}: throttled";
        }

        var text = await response.Content.ReadAsStringAsync();
        var what = $"{operation.Method} {operation.Path} with {malformed.Name}: {status}";
        if (status >= 500)
        {
            return $"{what} {Clip(text)}";
        }

        if (status < 300 && malformed.IsInvalidUtf8 && operation.ReadsItsBody)
        {
            return $"{what}: a body that is not UTF-8 was accepted";
        }

        return status >= 400 && !HasErrorShape(text) ? $"{what} without the error shape: {Clip(text)}" : null;
    }

    private static bool HasErrorShape(string text)
    {
        try
        {
            var error = JsonNode.Parse(text)?["error"];
            return error?["code"]?.GetValue<string>() is { Length: > 0 } && error["message"]?.GetValue<string>() is { Length: > 0 };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Clip(string text, int length = 300) => text.Length <= length ? text : text[..length];

    private static async Task<List<Operation>> OperationsAsync(HangarTestServer server)
    {
        using var client = server.CreateClient();
        var operations = new List<Operation>();
        foreach (var name in Documents)
        {
            var document = JsonNode.Parse(await client.GetStringAsync($"/openapi/{name}.json"))!;
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                {
                    var schema = operation!["requestBody"]?["content"]?.AsObject().FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal))
                        .Value?["schema"];
                    operations.Add(new Operation(method.ToUpperInvariant(), path, operation["description"]?.GetValue<string>() ?? string.Empty,
                        MalformedBodies.FromSchema(schema, document).ToList()));
                }
            }
        }

        Assert.True(operations.Count > 100, $"only {operations.Count} operations");
        return operations;
    }

    private sealed record Operation(string Method, string Path, string Access, List<Malformed> SchemaCases)
    {
        /// <summary>Routes that take no body and act on any request.</summary>
        private static readonly string[] Bodiless =
            ["/process-secret", "/reveal", "/disable", "/enable", "/heartbeat", "/reserve-next-work-item", "/retry", "/logout", "/test", "/resend",
             "/release"];

        /// <summary>Routes whose body is optional, so that some malformed requests succeed.</summary>
        private static readonly string[] OptionalBody = ["/stop", "/complete", "/claim"];

        public bool IsSignIn => Path is "/api/v1/auth/login" or "/api/v1/auth/logout";

        public bool ChangesStateWithAnyBody => Bodiless.Concat(OptionalBody).Any(suffix => Path.EndsWith(suffix, StringComparison.Ordinal));

        /// <summary>Whether the route reads its body as JSON (not a file's bytes, not nothing).</summary>
        public bool ReadsItsBody => Method is "POST" or "PUT" && !Bodiless.Any(suffix => Path.EndsWith(suffix, StringComparison.Ordinal))
            && Path is not ("/blobs/upload" or "/worker-v1/step-runs/{step_run_id}/artifacts");

        public IEnumerable<Malformed> Cases => MalformedBodies.Generic.Concat(SchemaCases);
    }
}
