using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// Hangar's v1 OpenAPI document against Robocorp's own (see <see cref="RobocorpReference"/>): every Robocorp operation
/// is there, with request and response schemas a Robocorp client can use, and every operation of every Hangar
/// document states its parameters and the refusals it can answer. What differs on purpose is listed in
/// <see cref="KnownDifferences"/> with the reason; a listed difference that no longer occurs fails too, so the list stays true.
/// </summary>
public sealed class OpenApiConformanceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] Documents = ["v1", "rcc", "process-v1", "legacy", "blobs", "secrets-v1", "json-v1", "worker-v1"];

    /// <summary>Robocorp operations Hangar does not serve, with why.</summary>
    private static readonly Dictionary<string, string> OutOfScope = new(StringComparer.Ordinal)
    {
        ["listAssistants"] = "Assistants (Robocorp's attended-automation UI) are out of Hangar's scope.",
        ["createAssistant"] = "Assistants are out of scope.",
        ["getAssistant"] = "Assistants are out of scope.",
        ["listAssistantAssistantRuns"] = "Assistants are out of scope.",
        ["getAssistantRun"] = "Assistants are out of scope.",
        ["listWorkspaceAssistantRuns"] = "Assistants are out of scope.",
    };

    internal const string ExceptionFields =
        "A robot may release a failed item with a type and no code or message; Hangar answers null for what "
        + "was not given rather than inventing a string.";
    internal const string AssetPayloadShape =
        "Hangar describes an asset's payload with one shape for all of Robocorp's branches (empty, url): "
        + "content_type and url are left out, never null, when the asset is empty, and a new asset's payload is "
        + "always empty.";
    internal const string AssetUploadShape =
        "Hangar describes an asset upload with one shape for Robocorp's pending, completed and failed "
        + "branches: upload_url and reason are left out, never null, where the status does not call for them, "
        + "and the one shape lists all three statuses.";
    internal const string WebhookSecretOnce =
        "A webhook's signing secret is shown once, in the answer that creates it, and never again (it is "
        + "stored encrypted and is a credential); afterwards only secret_preview identifies it.";
    internal const string NullStartBody =
        "An omitted body or a JSON null both start a default run, as in Robocorp; Hangar's document marks the "
        + "body optional rather than nullable.";

    /// <summary>Differences of schema between the two documents, each with the reason it is there.</summary>
    internal static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
        ["startProcessRun request: Robocorp accepts null, Hangar does not"] =
            NullStartBody,
        ["listWorkItems response.data[].exception.code: may be null in Hangar, never null in Robocorp"] =
            ExceptionFields,
        ["listWorkItems response.data[].exception.message: may be null in Hangar, never null in Robocorp"] =
            ExceptionFields,
        ["createWorkItem response.exception.code: may be null in Hangar, never null in Robocorp"] =
            ExceptionFields,
        ["createWorkItem response.exception.message: may be null in Hangar, never null in Robocorp"] =
            ExceptionFields,
        ["getWorkItem response.exception.code: may be null in Hangar, never null in Robocorp"] =
            ExceptionFields,
        ["getWorkItem response.exception.message: may be null in Hangar, never null in Robocorp"] =
            ExceptionFields,
        ["createWorkItem response.files: may be null in Hangar, never null in Robocorp"] =
            "include_data=false leaves the payload and files out (null); Robocorp's document has no include_data on these routes and always lists files.",
        ["getWorkItem response.files: may be null in Hangar, never null in Robocorp"] =
            "include_data=false leaves the payload and files out (null); Robocorp's document has no include_data on these routes and always lists files.",
        ["createAsset response.payload.type: Hangar answers \"url\", not in Robocorp's enum"] =
            AssetPayloadShape,
        ["getAsset response.payload.content_type: may be null in Hangar, never null in Robocorp"] =
            AssetPayloadShape,
        ["getAsset response.payload.url: may be null in Hangar, never null in Robocorp"] =
            AssetPayloadShape,
        ["createAssetUpload response.status: Hangar answers \"failed\", not in Robocorp's enum"] =
            AssetUploadShape,
        ["createAssetUpload response.upload_url: may be null in Hangar, never null in Robocorp"] =
            AssetUploadShape,
        ["getAssetUpload response.reason: may be null in Hangar, never null in Robocorp"] =
            AssetUploadShape,
        ["createWebhook response.secret: may be null in Hangar, never null in Robocorp"] =
            WebhookSecretOnce,
        ["getWebhook response.secret: may be null in Hangar, never null in Robocorp"] =
            WebhookSecretOnce,
    };

    private HangarTestServer Server => fixture.Server;

    [Fact]
    [Trait(RobocorpReference.Trait, RobocorpReference.TraitValue)]
    public async Task HangarsV1Document_HasEveryRobocorpOperation()
    {
        var robocorp = RobocorpReference.Load();
        var hangar = await HangarDocumentAsync("v1");
        var served = hangar.Operations();
        var missing = robocorp.Operations().Values
            .Where(op => !OutOfScope.ContainsKey(op.Id) && !served.ContainsKey(HangarKey(op)))
            .Select(op => $"{op.Id} ({op.Method} {op.Path})")
            .ToList();
        Assert.True(missing.Count == 0, "Robocorp operations missing from Hangar's v1 document:\n" + string.Join("\n", missing));
        Assert.All(OutOfScope.Keys, id => Assert.Contains(robocorp.Operations().Values, op => op.Id == id));
    }

    [Fact]
    [Trait(RobocorpReference.Trait, RobocorpReference.TraitValue)]
    public async Task HangarsV1Document_RequestsAndResponses_FitRobocorpsSchemas()
    {
        var robocorp = RobocorpReference.Load();
        var hangar = await HangarDocumentAsync("v1");
        var served = hangar.Operations();
        var compatibility = new SchemaCompatibility(robocorp, hangar);
        var found = new List<string>();
        foreach (var op in robocorp.Operations().Values.Where(op => !OutOfScope.ContainsKey(op.Id)))
        {
            if (!served.TryGetValue(HangarKey(op), out var mine))
            {
                continue;
            }

            if (robocorp.RequestSchema(op) is { } request)
            {
                found.AddRange(compatibility.Compare(request, hangar.RequestSchema(mine), SchemaCompatibility.Direction.Request, $"{op.Id} request"));
            }

            found.AddRange(compatibility.Compare(robocorp.ResponseSchema(op), hangar.ResponseSchema(mine), SchemaCompatibility.Direction.Response,
                $"{op.Id} response"));
            foreach (var status in op.Node["responses"]!.AsObject().Select(r => r.Key).Where(s => s.StartsWith('4')))
            {
                if (mine.Node["responses"]?[status] is null)
                {
                    found.Add($"{op.Id}: Robocorp documents {status}, Hangar does not");
                }
            }
        }

        AssertOnlyKnown(found, KnownDifferences);
    }

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task EveryOperation_DocumentsItsRefusalsWithTheErrorBody(string name)
    {
        var document = await HangarDocumentAsync(name);
        var gaps = new List<string>();
        foreach (var op in document.Operations().Values)
        {
            var responses = op.Node["responses"]!.AsObject();
            var access = op.Node["description"]?.GetValue<string>() ?? string.Empty;
            var expected = new List<string>();
            if (op.Path.Contains('{', StringComparison.Ordinal))
            {
                expected.Add("404");
            }

            if (!access.StartsWith("No authentication", StringComparison.Ordinal))
            {
                expected.AddRange(["401", "403", "429"]);
            }

            if (op.Method is "POST" or "PUT" or "PATCH")
            {
                expected.Add("400");
            }

            foreach (var status in expected)
            {
                var schema = document.ResponseSchema(op, status);
                var error = schema?["properties"]?["error"];
                if (document.Resolve(error)?["properties"]?["code"] is null)
                {
                    gaps.Add($"{op.Method} {op.Path}: no {status} with the error body");
                }
            }
        }

        Assert.True(gaps.Count == 0, string.Join("\n", gaps));
    }

    [Theory]
    [MemberData(nameof(DocumentNames))]
    public async Task EveryPagedList_DocumentsLimitAndCursor(string name)
    {
        var document = await HangarDocumentAsync(name);
        var paged = document.Operations().Values.Where(op => document.ResponseSchema(op)?["properties"]?["has_more"] is not null).ToList();
        Assert.True(name != "v1" || paged.Count >= 20, $"only {paged.Count} paged lists in {name}");
        foreach (var op in paged)
        {
            var query = op.Parameters("query").ToDictionary(p => p["name"]!.GetValue<string>(), p => p);
            Assert.True(query.ContainsKey("limit") && query.ContainsKey("cursor"), $"{op.Method} {op.Path} is paged but does not document limit and cursor");
            Assert.Equal("integer", query["limit"]["schema"]!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task StatesAndFilters_ListTheirValues()
    {
        var document = await HangarDocumentAsync("v1");
        var runs = document.Operations()["GET /api/v1/workspaces/{}/process-runs"];
        var stateFilter = runs.Parameters("query").Single(p => p["name"]!.GetValue<string>() == "state");
        Assert.Contains("in_progress", stateFilter["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        var run = document.ResponseSchema(document.Operations()["GET /api/v1/workspaces/{}/process-runs/{}"])!;
        Assert.Contains("unresolved", run["properties"]!["state"]!["enum"]!.AsArray().Select(v => v?.GetValue<string>()));
        var worker = document.ResponseSchema(document.Operations()["GET /api/v1/workspaces/{}/workers/{}"])!;
        Assert.Equal(["offline", "idle", "busy"], worker["properties"]!["state"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void TheDiff_FlagsDroppedRetypedAndNullableFields()
    {
        var robocorp = SpecDocument.Parse("""{"paths":{}}""");
        var hangar = SpecDocument.Parse("""{"paths":{}}""");
        var compatibility = new SchemaCompatibility(robocorp, hangar);
        var theirs = JsonNode.Parse("""
            {"type":"object","required":["id","state"],"properties":{"id":{"type":"string"},"state":{"type":"string","enum":["a","b"]},
             "count":{"type":"number"}}}
            """);
        var same = JsonNode.Parse("""
            {"type":"object","required":["id","state","extra"],"properties":{"id":{"type":"string"},"state":{"type":"string","enum":["a"]},
             "count":{"type":"integer"},"extra":{"type":"string"}}}
            """);
        Assert.Empty(compatibility.Compare(theirs, same, SchemaCompatibility.Direction.Response, "r"));
        var worse = JsonNode.Parse("""
            {"type":"object","required":["state"],"properties":{"state":{"type":["string","null"],"enum":["a","c",null]},"count":{"type":"string"}}}
            """);
        var found = compatibility.Compare(theirs, worse, SchemaCompatibility.Direction.Response, "r");
        Assert.Contains("r.id: missing in Hangar", found);
        Assert.Contains("r.state: may be null in Hangar, never null in Robocorp", found);
        Assert.Contains("r.state: Hangar answers \"c\", not in Robocorp's enum", found);
        Assert.Contains("r.count: string in Hangar, number in Robocorp", found);
    }

    public static IEnumerable<object[]> DocumentNames => Documents.Select(d => new object[] { d });

    internal static string HangarKey(SpecDocument.Operation robocorpOperation) => $"{robocorpOperation.Method} /api/v1{robocorpOperation.NormalizedPath}";

    internal static void AssertOnlyKnown(List<string> found, IReadOnlyDictionary<string, string> known)
    {
        var unexpected = found.Where(f => !known.ContainsKey(f)).Distinct().ToList();
        var stale = known.Keys.Where(k => !found.Contains(k)).ToList();
        Assert.True(unexpected.Count == 0 && stale.Count == 0,
            (unexpected.Count > 0 ? "Differences from Robocorp's document:\n" + string.Join("\n", unexpected) + "\n" : string.Empty)
            + (stale.Count > 0 ? "Listed as known but no longer found (remove them from the list):\n" + string.Join("\n", stale) : string.Empty));
    }

    private async Task<SpecDocument> HangarDocumentAsync(string name)
    {
        using var client = Server.CreateClient();
        return SpecDocument.Parse(await client.GetStringAsync($"/openapi/{name}.json"));
    }
}
