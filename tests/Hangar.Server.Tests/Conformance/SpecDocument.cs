using System.Text.Json.Nodes;

namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// An OpenAPI document read as JSON (Robocorp's 3.0 one or Hangar's 3.1 ones): its operations, and their request and
/// success-response schemas with <c>$ref</c>s resolved inside the document.
/// </summary>
internal sealed class SpecDocument(JsonNode root)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public JsonNode Root { get; } = root;

    public static SpecDocument Parse(string json) => new(JsonNode.Parse(json)!);

    /// <summary>The document's operations, keyed by method and path with every placeholder written <c>{}</c>.</summary>
    public IReadOnlyDictionary<string, Operation> Operations()
    {
        var operations = new Dictionary<string, Operation>(StringComparer.Ordinal);
        foreach (var (path, item) in Root["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is JsonObject operation)
                {
                    var op = new Operation(method.ToUpperInvariant(), path, operation["operationId"]?.GetValue<string>() ?? $"{method} {path}", operation);
                    operations[op.Key] = op;
                }
            }
        }

        return operations;
    }

    /// <summary>The node a <c>$ref</c> names, followed until it is not a reference.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var hops = 0; schema?["$ref"] is JsonValue reference && hops < 32; hops++)
        {
            var pointer = reference.GetValue<string>();
            if (!pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Only local references are read: {pointer}");
            }

            schema = pointer[2..].Split('/').Aggregate<string, JsonNode?>(Root, (node, part) => node?[part.Replace("~1", "/", StringComparison.Ordinal)]);
        }

        return schema;
    }

    public JsonNode? RequestSchema(Operation operation) => Resolve(JsonContent(operation.Node["requestBody"]));

    public JsonNode? ResponseSchema(Operation operation, string status = "200") =>
        Resolve(JsonContent(Resolve(operation.Node["responses"]?[status])));

    private static JsonNode? JsonContent(JsonNode? body) =>
        body?["content"]?.AsObject().FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];

    internal sealed record Operation(string Method, string Path, string Id, JsonObject Node)
    {
        public string Key => $"{Method} {NormalizedPath}";

        public string NormalizedPath => System.Text.RegularExpressions.Regex.Replace(Path, @"\{[^}]+\}", "{}");

        public IEnumerable<JsonNode> Parameters(string location) =>
            (Node["parameters"]?.AsArray() ?? []).Where(p => p?["in"]?.GetValue<string>() == location).Select(p => p!);
    }
}
