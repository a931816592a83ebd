using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Conformance;

/// <summary>
/// Replays, against a running Hangar, a request in the shape Robocorp's document gives for each of its operations that
/// Hangar serves, with a workspace key as a Robocorp client would send it, and checks each answer is 200 and fits
/// Robocorp's response schema for that operation. What differs today is in <see cref="KnownDifferences"/> with the
/// reason; a listed difference that no longer occurs fails too, so the list stays true.
/// </summary>
public sealed class ReplayConformanceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{

    /// <summary>Answers that differ from Robocorp's schema, each with the reason (items refer to issue 16's conformance list).</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
        ["getWebhook: $.secret: required, but missing"] = OpenApiConformanceTests.WebhookSecretOnce,
    };

    private HangarTestServer Server => fixture.Server;

    [Fact]
    [Trait(RobocorpReference.Trait, RobocorpReference.TraitValue)]
    public async Task EveryRobocorpOperation_AnswersInRobocorpsShape()
    {
        var robocorp = RobocorpReference.Load();
        using var world = await ReplayWorld.CreateAsync(Server);
        var found = new List<string>();
        var replayed = 0;
        foreach (var op in robocorp.Operations().Values.Where(op => !op.Id.Contains("ssistant", StringComparison.Ordinal)))
        {
            var request = await world.RequestForAsync(op);
            using var message = new HttpRequestMessage(new HttpMethod(op.Method), request.Path);
            if (request.Body is not null)
            {
                message.Content = Json.Body(request.Body);
            }

            using var response = await request.Client.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            replayed++;
            if ((int)response.StatusCode != 200)
            {
                found.Add($"{op.Id}: answered {(int)response.StatusCode} {ErrorCode(text)}");
                continue;
            }

            var errors = SchemaValidator.Validate(robocorp, robocorp.ResponseSchema(op), JsonNode.Parse(text));
            found.AddRange(errors.Select(e => $"{op.Id}: {e}"));
        }

        Assert.True(replayed >= 52, $"only {replayed} operations replayed");
        OpenApiConformanceTests.AssertOnlyKnown(found, KnownDifferences);
    }

    [Fact]
    [Trait(RobocorpReference.Trait, RobocorpReference.TraitValue)]
    public void TheValidator_RefusesWhatDoesNotFit()
    {
        var robocorp = RobocorpReference.Load();
        var getWorker = robocorp.Operations().Values.Single(op => op.Id == "getWorker");
        var schema = robocorp.ResponseSchema(getWorker);
        Assert.Empty(SchemaValidator.Validate(robocorp, schema, JsonNode.Parse("""{"id":"w","name":"n","state":"idle","extra":1}""")));
        Assert.NotEmpty(SchemaValidator.Validate(robocorp, schema, JsonNode.Parse("""{"id":"w","name":"n","state":"sleeping"}""")));
        Assert.NotEmpty(SchemaValidator.Validate(robocorp, schema, JsonNode.Parse("""{"id":"w","state":"idle"}""")));
        Assert.NotEmpty(SchemaValidator.Validate(robocorp, schema, JsonNode.Parse("""{"id":"w","name":null,"state":"idle"}""")));
        Assert.NotEmpty(SchemaValidator.Validate(robocorp, schema, JsonNode.Parse("""{"id":1,"name":"n","state":"idle"}""")));
    }

    /// <summary>The refusal's stable code (its message may name ids, which differ from run to run).</summary>
    private static string ErrorCode(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["error"]?["code"]?.GetValue<string>() ?? "(no error code)";
        }
        catch (System.Text.Json.JsonException)
        {
            return "(not JSON)";
        }
    }
}
