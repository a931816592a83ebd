using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hangar.TestSupport;

/// <summary>Small helpers to send raw JSON and read answers as JSON trees, the way an outside client sees them.</summary>
public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("The response body is JSON null.");
    }

    /// <summary>Asserts the v1 error shape and returns its code.</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var body = await ReadAsync(response);
        var code = body["error"]?["code"]?.GetValue<string>();
        var message = body["error"]?["message"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(code), $"No error.code in {body.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(message), $"No error.message in {body.ToJsonString()}");
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        return code!;
    }

    public static AuthenticationHeaderValue WorkspaceKey(string key) => new("RC-WSKEY", key);
}
