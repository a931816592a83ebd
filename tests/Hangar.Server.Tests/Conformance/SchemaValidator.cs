using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// Checks a JSON value against an OpenAPI schema, for the subset Robocorp's document uses: <c>$ref</c>, <c>type</c>
/// (3.0 <c>nullable</c> and 3.1 type lists), <c>required</c>, <c>properties</c>, <c>items</c>, <c>enum</c>,
/// <c>oneOf</c>/<c>anyOf</c> (read as "one branch fits": Robocorp's branches overlap), <c>allOf</c> and the
/// <c>date-time</c> format. Properties a schema does not name are allowed, as OpenAPI allows them.
/// </summary>
internal static class SchemaValidator
{
    public static List<string> Validate(SpecDocument document, JsonNode? schema, JsonNode? value)
    {
        var errors = new List<string>();
        Check(document, schema, value, "$", errors, 0);
        return errors;
    }

    private static void Check(SpecDocument document, JsonNode? schema, JsonNode? value, string at, List<string> errors, int depth)
    {
        schema = document.Resolve(schema);
        if (schema is not JsonObject s || depth > 64)
        {
            return;
        }

        if (value is null)
        {
            if (!AllowsNull(s) && !new[] { "oneOf", "anyOf" }.Any(k => s[k] is JsonArray b && b.Any(x => document.Resolve(x) is JsonObject o && AllowsNull(o))))
            {
                errors.Add($"{at}: null, but the schema does not allow null");
            }

            return;
        }

        foreach (var branchKeyword in new[] { "oneOf", "anyOf" })
        {
            if (s[branchKeyword] is JsonArray branches)
            {
                var branchErrors = branches.Select(b => Validate(document, b, value)).ToList();
                if (branchErrors.All(e => e.Count > 0))
                {
                    errors.Add($"{at}: fits none of the {branchKeyword} branches ({string.Join(" | ", branchErrors.Select(e => e[0]))})");
                }
            }
        }

        foreach (var part in s["allOf"]?.AsArray() ?? [])
        {
            Check(document, part, value, at, errors, depth + 1);
        }

        var kind = value.GetValueKind();
        var types = Types(s);
        if (types.Count > 0 && !types.Any(t => Fits(t, value, kind)))
        {
            errors.Add($"{at}: {kind} {Clip(value.ToJsonString())}, expected {string.Join("|", types)}");
            return;
        }

        if (s["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        if (s["format"]?.GetValue<string>() == "date-time" && kind == JsonValueKind.String
            && !DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{at}: '{value}' is not a date-time");
        }

        if (value is JsonObject obj)
        {
            foreach (var name in s["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add($"{at}.{name}: required, but missing");
                }
            }

            foreach (var (name, propertySchema) in s["properties"]?.AsObject() ?? [])
            {
                if (obj.TryGetPropertyValue(name, out var property))
                {
                    Check(document, propertySchema, property, $"{at}.{name}", errors, depth + 1);
                }
            }
        }
        else if (value is JsonArray array && s["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(document, items, array[i], $"{at}[{i}]", errors, depth + 1);
            }
        }
    }

    /// <summary>The schema's types without "null" (3.0: a string; 3.1: a string or a list).</summary>
    public static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray list => list.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList(),
        JsonValue one when one.GetValue<string>() != "null" => [one.GetValue<string>()],
        _ => [],
    };

    public static bool AllowsNull(JsonObject schema) =>
        schema["nullable"]?.GetValue<bool>() == true
        || schema["type"] is JsonArray list && list.Any(t => t!.GetValue<string>() == "null")
        || schema["type"]?.GetValueKind() == JsonValueKind.String && schema["type"]!.GetValue<string>() == "null"
        || schema["enum"] is JsonArray values && values.Any(v => v is null);

    private static bool Fits(string type, JsonNode value, JsonValueKind kind) => type switch
    {
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "number" => kind == JsonValueKind.Number,
        "integer" => kind == JsonValueKind.Number && value.GetValue<JsonElement>().TryGetInt64(out _),
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        _ => true,
    };

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
