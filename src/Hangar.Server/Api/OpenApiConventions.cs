using System.Text.Json.Nodes;
using Hangar.Contracts.V1;
using Hangar.Core.Paging;
using Hangar.Server.Auth;
using Hangar.Server.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hangar.Server;

/// <summary>
/// What every operation of every document states without its endpoint saying so: the refusals it can answer, with
/// their error body, derived from the route's declared access and shape; the <c>limit</c> and <c>cursor</c> parameters
/// of paged lists (read from the request by <see cref="V1Paging"/>, so the generator cannot see them); and the values
/// of query parameters that take a known set (<see cref="OpenApiEnums"/>). One convention instead of one line on each of
/// some 250 routes, so that a new route is documented the same way without anyone remembering to.
/// </summary>
public static class OpenApiConventions
{
    public const string ErrorSchema = "ErrorResponse";
    public const string LegacyErrorSchema = "LegacyErrorResponse";

    private static readonly HashSet<string> Writes = new(["POST", "PUT", "PATCH", "DELETE"], StringComparer.OrdinalIgnoreCase);

    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? string.Empty).Split('?')[0].TrimStart('/');
        var method = description.HttpMethod ?? "GET";
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var requirement = metadata.OfType<AccessRequirement>().FirstOrDefault();

        operation.Parameters ??= new List<IOpenApiParameter>();
        var paged = description.SupportedResponseTypes.Any(r => r.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(PageResponse<>));
        if (paged)
        {
            AddPaging(operation.Parameters);
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter is { In: ParameterLocation.Query, Schema: OpenApiSchema schema } && OpenApiEnums.ForQuery(path, parameter.Name) is { } values)
            {
                schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            }
        }

        var reference = new OpenApiSchemaReference(ApiErrors.IsLegacySurface(new PathString(path)) ? LegacyErrorSchema : ErrorSchema, context.Document);
        var takesInput = Writes.Contains(method) || operation.Parameters.Any(p => p.In == ParameterLocation.Query);
        var signedUrl = metadata.OfType<SignedUrlRoute>().Any();
        AddError(operation, "400", takesInput || signedUrl, "The request is malformed or a value is out of range (`error.code` says which).", reference);
        AddError(operation, "401", requirement is not null, "No credential, or one that is unknown, expired or revoked.", reference);
        AddError(operation, "403", requirement is not null || signedUrl, signedUrl
            ? "The URL's signature is wrong or expired."
            : "The credential may not do this: a missing permission, or the wrong kind of caller for this route.", reference);
        AddError(operation, "404", path.Contains('{', StringComparison.Ordinal), "No such object, or it is outside the caller's workspace.", reference);
        AddError(operation, "409", Writes.Contains(method) && requirement is not null,
            "The object's current state does not allow this (for example a name already taken, or a run that is no longer active).", reference);
        AddError(operation, "429", requirement is not null || IsSignIn(path),
            "Too many failed authentications from this address or with this credential; retry after `Retry-After` seconds.", reference);
        return Task.CompletedTask;
    }

    /// <summary>The two error bodies the documents refer to: the v1 shape, and the older surfaces' shape that also carries it.</summary>
    public static void AddErrorSchemas(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "error" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["error"] = ErrorDetail() },
        };
        document.Components.Schemas[LegacyErrorSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "code", "message", "error" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["error"] = ErrorDetail(),
            },
        };
    }

    private static OpenApiSchema ErrorDetail() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "code", "message" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable snake_case code, e.g. `invalid_limit`." },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, for a person." },
        },
    };

    private static void AddPaging(IList<IOpenApiParameter> parameters)
    {
        if (!parameters.Any(p => p.Name == "limit"))
        {
            parameters.Add(new OpenApiParameter
            {
                Name = "limit",
                In = ParameterLocation.Query,
                Description = $"How many items a page holds at most (default {PageRequest.DefaultLimit}).",
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = "1",
                    Maximum = PageRequest.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(PageRequest.DefaultLimit),
                },
            });
        }

        if (!parameters.Any(p => p.Name == V1Paging.CursorParameter))
        {
            parameters.Add(new OpenApiParameter
            {
                Name = V1Paging.CursorParameter,
                In = ParameterLocation.Query,
                Description = "Where the page starts: the opaque value from the previous page's `next` URL (clients usually follow `next` as it is).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static void AddError(OpenApiOperation operation, string status, bool applies, string description, OpenApiSchemaReference schema)
    {
        operation.Responses ??= new OpenApiResponses();
        if (!applies || operation.Responses.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = schema } },
        };
    }

    private static bool IsSignIn(string path) => path.EndsWith("/auth/login", StringComparison.Ordinal);
}
