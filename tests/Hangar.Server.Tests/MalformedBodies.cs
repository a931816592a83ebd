using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Server.Tests;

/// <summary>One malformed request: a body with the Content-Type it claims (null: no header), a query and headers to add.</summary>
internal sealed record Malformed(string Name, string? ContentType, byte[]? Body, string Query = "", (string Name, string Value)[]? Headers = null)
{
    public bool IsInvalidUtf8 => Body is not null && !System.Text.Unicode.Utf8.IsValid(Body) && ContentType?.Contains("iso-8859-1", StringComparison.Ordinal) != true;

    public override string ToString() => Name;
}

/// <summary>
/// The malformed bodies, headers and queries a careless or hostile client sends: invalid UTF-8, lying or unknown
/// Content-Types, truncated multipart, JSON of the wrong type, numbers no type holds, nesting past the limit, no body.
/// Each body is also bent to the route's own schema (a string where a number is, and so on) when the route has one.
/// </summary>
internal static class MalformedBodies
{
    private const string JsonType = "application/json";
    private const string Boundary = "walkboundary";

    public static IReadOnlyList<Malformed> Generic { get; } =
    [
        Utf8("invalid UTF-8 in a payload", "{\"payload\":{\"text\":\"A", [0xC3, 0x28], "\"}}"),
        Utf8("invalid UTF-8 in a name", "{\"name\":\"", [0xFF, 0xFE], "\"}"),
        Utf8("invalid UTF-8 in a property name", "{\"", [0xFF], "\":1,\"payload\":{}}"),
        Utf8("invalid UTF-8 in a top-level string", "\"", [0xC0, 0xAF], "\""),
        Utf8("an encoded surrogate in an array", "[{\"payload\":\"", [0xED, 0xA0, 0x80], "\"}]"),
        Utf8("a sequence cut at the end of the body", "{\"payload\":\"x", [0xE2, 0x82], string.Empty),
        Text("text/plain", "{}"),
        Text("application/x-www-form-urlencoded", "name=x&payload=y"),
        Text("application/xml", "<payload/>"),
        Text("application/json; charset=bogus", "{}"),
        new("application/json; charset=iso-8859-1", "application/json; charset=iso-8859-1", [.. "{\"name\":\""u8, 0xE9, .. "\"}"u8]),
        new("no Content-Type", null, "{\"payload\":{}}"u8.ToArray()),
        new("a byte order mark", JsonType, [0xEF, 0xBB, 0xBF, .. "{}"u8]),
        Multipart("a multipart form cut in a field", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\nabc"),
        Multipart("a multipart form cut in the file",
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"robot.zip\"\r\nContent-Type: application/zip\r\n\r\nPK\u0003\u0004"),
        Multipart("a multipart form cut in a part's headers", $"--{Boundary}\r\nContent-Disposition: form-da"),
        new("multipart without a boundary", "multipart/form-data", Encoding.ASCII.GetBytes("--x\r\n\r\n")),
        Json("an array", "[]"),
        Json("an array of numbers", "[1,2,3]"),
        Json("a string", "\"text\""),
        Json("a number", "42"),
        Json("true", "true"),
        Json("null", "null"),
        Json("an object of wrong types", """{"name":42,"payload":"text","payloads":{},"type":7,"permissions":"all","steps":{},"value":[1],"state":[]}"""),
        Json("1e400", "1e400"),
        Json("a 23-digit number", "99999999999999999999999"),
        Json("huge numbers as fields", """{"payload":{"n":1e400},"wait_seconds":99999999999999999999999,"fileSize":1e400,"file_size":-1e400,"expires_in":1e400}"""),
        Json("huge numbers in an array", "[1e400, 99999999999999999999999]"),
        Json("work item ids of the wrong type", """{"type":"workItemIds","workItemIds":[99999999999999999999999,{}]}"""),
        Json("a NUL and lone surrogates", """{"name":"a\u0000b","payload":{"k\ud800":"\u0000\udfff"},"fileName":"\u0000","description":"\ud800"}"""),
        Json("nesting past the limit", new string('[', 100_000)),
        Json("a payload nested past the limit", """{"payload":""" + Nest(80) + "}"),
        Json("a payload nested past the payload limit", """{"payload":""" + Nest(40) + "}"),
        Json("a payload nested just within the payload limit", """{"payload":""" + Nest(32) + "}"),
        Json("an unterminated object", """{"payload":{"a":"""),
        new("application/json and an empty body", JsonType, []),
        new("whitespace only", JsonType, "   \r\n"u8.ToArray()),
        new("huge numbers in the query", null, null, "?limit=99999999999999999999&wait=1e400&wait_seconds=1e400&includeData=maybe&cursor=%FF%FE"),
        new("a cursor of the wrong shape", null, null, "?cursor=not-a-cursor&after=%00&state=%FF&process_id=..%2F..&sortOrder=x"),
        new("an Idempotency-Key too long and a browser's Accept", JsonType, "{}"u8.ToArray(), Headers:
            [("Idempotency-Key", new string('k', 300)), ("Accept", "text/html,application/xhtml+xml")]),
        new("an Idempotency-Key of spaces", JsonType, "{}"u8.ToArray(), Headers: [("Idempotency-Key", "   ")]),
    ];

    /// <summary>Bodiless requests, sent last: on some routes they succeed (a logout, a stop) and change what later requests find.</summary>
    public static IReadOnlyList<Malformed> Empty { get; } = [new("no body", null, null), new("no body, text/plain", "text/plain", [])];

    /// <summary>
    /// For a route whose request body has a schema: one body per property with a value of the wrong type, and numbers
    /// too large for any type where the schema has a number.
    /// </summary>
    public static IEnumerable<Malformed> FromSchema(JsonNode? schema, JsonNode document)
    {
        var properties = Resolve(schema, document)?["properties"]?.AsObject();
        if (properties is null)
        {
            yield break;
        }

        foreach (var (name, property) in properties)
        {
            var type = TypeOf(Resolve(property, document));
            foreach (var value in WrongValues(type))
            {
                yield return Json($"'{name}' ({type}) as {value}", $"{{\"{name}\":{value}}}");
            }
        }
    }

    private static IEnumerable<string> WrongValues(string type) => type switch
    {
        "integer" or "number" => ["\"12\"", "1e400", "99999999999999999999999", "-99999999999999999999999", "1.5", "{}"],
        "string" => ["12345", "[]", "{}", "true"],
        "boolean" => ["\"yes\"", "1"],
        "array" => ["{}", "\"a\"", "[null, 1e400, {}]"],
        "object" => ["[]", "\"a\"", "{\"\":1e400}"],
        _ => ["[]", "1e400", "\"\\u0000\""],
    };

    private static string TypeOf(JsonNode? schema)
    {
        var type = schema?["type"];
        return type switch
        {
            JsonArray many => many.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not null and not "null") ?? "any",
            JsonValue one => one.GetValue<string>(),
            _ => "any",
        };
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonNode document)
    {
        for (var i = 0; i < 8 && schema?["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            schema = document["components"]?["schemas"]?[reference.Split('/')[^1]];
        }

        return schema;
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static Malformed Json(string name, string body) => new(name, JsonType, Encoding.UTF8.GetBytes(body));

    private static Malformed Text(string contentType, string body) => new(contentType, contentType, Encoding.UTF8.GetBytes(body));

    private static Malformed Utf8(string name, string before, byte[] bad, string after) =>
        new(name, JsonType, [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)]);

    private static Malformed Multipart(string name, string body) =>
        new(name, $"multipart/form-data; boundary={Boundary}", Encoding.Latin1.GetBytes(body));
}
