using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hangar.Browser.Tests;

/// <summary>Plain HTTP calls the tests use to set things up or to check what the UI did, through the v1 API.</summary>
public static class UiApi
{
    public static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A DELETE sent as JSON: with the session cookie, the API takes changes only as JSON (or with the anti-forgery token).</summary>
    public static async Task DeleteAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, path) { Content = JsonContent.Create(new { }) };
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"DELETE {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Uploads a robot zip as a new task package through its signed upload form; returns the package id.</summary>
    public static async Task<string> UploadRobotAsync(HttpClient api, string ws, string name, byte[] zip)
    {
        var package = (await PostAsync(api, $"/api/v1/workspaces/{ws}/task-packages", new { name }))["id"]!.GetValue<string>();
        var link = await GetAsync(api, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        using var form = new MultipartFormDataContent();
        foreach (var (field, value) in link["form_data"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), field);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "robot.zip");
        using var anonymous = new HttpClient();
        using var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        return package;
    }

    /// <summary>A one-step process running task "Main" of the package.</summary>
    public static async Task<string> NewProcessAsync(HttpClient api, string ws, string name, string packageId) =>
        (await PostAsync(api, $"/api/v1/workspaces/{ws}/processes", new
        {
            name,
            steps = new[] { new { task_package = new { id = packageId }, task = "Main", timeout_seconds = 120 } },
        }))["id"]!.GetValue<string>();
}
