using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Task package steps done as clients do them: v1 calls with a credential, signed URLs with none.</summary>
internal static class Packages
{
    public static async Task<string> CreateAsync(HttpClient client, string workspaceId, string? name = null) =>
        (await Api.PostAsync(client, $"/api/v1/workspaces/{workspaceId}/task-packages", new { name = name ?? Api.Unique("robot") }))["id"]!
        .GetValue<string>();

    public static Task<JsonNode> UploadLinkAsync(HttpClient client, string workspaceId, string packageId) =>
        Api.GetAsync(client, $"/api/v1/workspaces/{workspaceId}/task-packages/{packageId}/upload");

    /// <summary>POSTs the link's form fields and then the zip as 'file', as an S3 presigned POST is used, with no credentials.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient anonymous, JsonNode link, byte[] zip, bool expectContinue = false)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in link["form_data"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), name);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "robot.zip");
        using var request = new HttpRequestMessage(HttpMethod.Post, link["url"]!.GetValue<string>()) { Content = form };
        request.Headers.ExpectContinue = expectContinue;
        var response = await anonymous.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Uploads a zip as a new version (as the caller of <paramref name="client"/>) and returns the version.</summary>
    public static async Task<JsonNode> UploadAsync(HangarTestServer server, HttpClient client, string workspaceId, string packageId, byte[] zip)
    {
        var link = await UploadLinkAsync(client, workspaceId, packageId);
        using var anonymous = server.CreateClient();
        using var response = await PostAsync(anonymous, link, zip);
        return await Api.OkJsonAsync(response);
    }

    /// <summary>The PUT form of an upload link (policy and signature in the query), as rcc receives it.</summary>
    public static string PutUrl(JsonNode link)
    {
        var form = link["form_data"]!;
        return $"{link["url"]!.GetValue<string>()}?policy={Uri.EscapeDataString(form["policy"]!.GetValue<string>())}"
               + $"&signature={Uri.EscapeDataString(form["signature"]!.GetValue<string>())}";
    }
}
