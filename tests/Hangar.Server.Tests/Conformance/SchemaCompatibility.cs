using System.Text.Json.Nodes;

namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// Compares a schema of Robocorp's document with Hangar's schema for the same thing and lists what a Robocorp client
/// would trip over. Responses: every property Robocorp names is there with a type that fits, never null where Robocorp
/// says it is not, and with no enum value Robocorp does not list (Hangar may add properties). Requests: every property
/// Robocorp names is accepted with a type that fits, null where Robocorp allows it, every enum value Robocorp lists, and
/// nothing required that Robocorp leaves optional. Robocorp's <c>oneOf</c> branches are read as one object that has
/// the properties of all of them.
/// </summary>
internal sealed class SchemaCompatibility(SpecDocument robocorp, SpecDocument hangar)
{
    public enum Direction
    {
        Request,
        Response,
    }

    public List<string> Compare(JsonNode? robocorpSchema, JsonNode? hangarSchema, Direction direction, string at)
    {
        var differences = new List<string>();
        Compare(Merge(robocorpSchema), Unwrap(hangarSchema), direction, at, differences, 0);
        return differences;
    }

    private void Compare(JsonObject? r, JsonObject? h, Direction direction, string at, List<string> differences, int depth)
    {
        if (r is null || depth > 32 || IsAnything(r))
        {
            return;
        }

        if (h is null)
        {
            differences.Add($"{at}: no schema in Hangar");
            return;
        }

        if (IsAnything(h))
        {
            return;
        }

        var rTypes = SchemaValidator.Types(r).Select(Widen).ToHashSet();
        var hTypes = SchemaValidator.Types(h).Select(Widen).ToHashSet();
        if (rTypes.Count > 0 && hTypes.Count > 0 && !rTypes.Overlaps(hTypes))
        {
            differences.Add($"{at}: {string.Join("|", hTypes)} in Hangar, {string.Join("|", rTypes)} in Robocorp");
            return;
        }

        var rNull = SchemaValidator.AllowsNull(r);
        var hNull = SchemaValidator.AllowsNull(h);
        if (direction == Direction.Response && hNull && !rNull)
        {
            differences.Add($"{at}: may be null in Hangar, never null in Robocorp");
        }
        else if (direction == Direction.Request && rNull && !hNull)
        {
            differences.Add($"{at}: Robocorp accepts null, Hangar does not");
        }

        var rEnum = Enum(r);
        var hEnum = Enum(h);
        if (direction == Direction.Response && rEnum is not null && hEnum is not null && hEnum.Except(rEnum).ToList() is { Count: > 0 } extra)
        {
            differences.Add($"{at}: Hangar answers {string.Join(", ", extra)}, not in Robocorp's enum");
        }
        else if (direction == Direction.Request && rEnum is not null && hEnum is not null && rEnum.Except(hEnum).ToList() is { Count: > 0 } missing)
        {
            differences.Add($"{at}: Hangar does not accept {string.Join(", ", missing)}");
        }
        else if (rEnum is not null && hEnum is null && rTypes.Contains("string"))
        {
            differences.Add($"{at}: Robocorp lists the values ({string.Join(", ", rEnum)}), Hangar's document does not");
        }

        var hProperties = h["properties"]?.AsObject();
        var hRequired = Required(h);
        var rRequired = Required(r);
        foreach (var (name, rProperty) in r["properties"]?.AsObject() ?? [])
        {
            if (hProperties?[name] is not { } hProperty)
            {
                if (hProperties is not null || direction == Direction.Response)
                {
                    differences.Add($"{at}.{name}: missing in Hangar");
                }

                continue;
            }

            if (direction == Direction.Response && rRequired.Contains(name) && !hRequired.Contains(name) && !SchemaValidator.AllowsNull(Unwrap(hProperty)!))
            {
                // A property Hangar's record always writes counts as present; only a declared-optional one is a gap.
                differences.Add($"{at}.{name}: required in Robocorp, optional in Hangar");
            }

            Compare(Merge(rProperty), Unwrap(hProperty), direction, $"{at}.{name}", differences, depth + 1);
        }

        if (direction == Direction.Request)
        {
            foreach (var name in hRequired.Where(n => !rRequired.Contains(n) && r["properties"]?[n] is not null))
            {
                differences.Add($"{at}.{name}: required by Hangar, optional in Robocorp");
            }
        }

        if (r["items"] is { } rItems && h["items"] is not null)
        {
            Compare(Merge(rItems), Unwrap(h["items"]), direction, $"{at}[]", differences, depth + 1);
        }
    }

    /// <summary>Robocorp's schema with its <c>oneOf</c> branches folded into one: all their properties, the values of all.</summary>
    private JsonObject? Merge(JsonNode? schema)
    {
        if (robocorp.Resolve(schema) is not JsonObject s)
        {
            return null;
        }

        if (s["oneOf"] is not JsonArray branches)
        {
            return s;
        }

        var merged = (JsonObject)s.DeepClone();
        merged.Remove("oneOf");
        var resolved = branches.Select(b => Merge(b)).OfType<JsonObject>().ToList();
        if (resolved.Any(IsAnything))
        {
            return new JsonObject();
        }

        var types = resolved.SelectMany(SchemaValidator.Types).Concat(SchemaValidator.Types(s)).Distinct().ToList();
        var properties = new JsonObject();
        foreach (var branch in resolved)
        {
            foreach (var (name, property) in branch["properties"]?.AsObject() ?? [])
            {
                if (!properties.ContainsKey(name))
                {
                    properties[name] = robocorp.Resolve(property)?.DeepClone();
                }
                else if (Enum(Merge(property)) is { } more && properties[name] is JsonObject existing && existing["enum"] is JsonArray values)
                {
                    foreach (var value in more.Where(v => !values.Any(x => x?.ToJsonString() == v)))
                    {
                        values.Add(JsonNode.Parse(value));
                    }
                }
            }
        }

        merged["type"] = types.Count == 1 ? types[0] : new JsonArray(types.Select(t => (JsonNode?)t).ToArray());
        if (resolved.Any(SchemaValidator.AllowsNull))
        {
            merged["nullable"] = true;
        }

        merged["properties"] = properties;
        var required = resolved.Select(Required).Aggregate((a, b) => a.Intersect(b).ToHashSet());
        merged["required"] = new JsonArray(required.Select(n => (JsonNode?)n).ToArray());
        return merged;
    }

    /// <summary>Hangar's schema with references followed and a "null or X" union read as a nullable X.</summary>
    private JsonObject? Unwrap(JsonNode? schema)
    {
        if (hangar.Resolve(schema) is not JsonObject s)
        {
            return null;
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (s[keyword] is JsonArray branches)
            {
                var resolved = branches.Select(b => hangar.Resolve(b)).OfType<JsonObject>().ToList();
                var others = resolved.Where(b => b["type"]?.ToJsonString() != "\"null\"").ToList();
                if (others.Count == 1)
                {
                    var copy = (JsonObject)others[0].DeepClone();
                    if (others.Count < resolved.Count)
                    {
                        copy["nullable"] = true;
                    }

                    return copy;
                }
            }
        }

        return s;
    }

    private static bool IsAnything(JsonObject schema) =>
        schema["type"] is null && schema["properties"] is null && schema["items"] is null && schema["oneOf"] is null && schema["anyOf"] is null
        && schema["enum"] is null;

    private static string Widen(string type) => type == "integer" ? "number" : type;

    private static HashSet<string> Required(JsonObject schema) =>
        (schema["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? []).ToHashSet(StringComparer.Ordinal);

    private static List<string>? Enum(JsonObject? schema) =>
        schema?["enum"] is JsonArray values ? values.Where(v => v is not null).Select(v => v!.ToJsonString()).ToList() : null;
}
