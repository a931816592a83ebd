using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Files of work items through presigned POSTs, on v1 and on the legacy Process API.</summary>
public class WorkItemFileTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task AFile_IsUploadedOnce_WithoutCredentials_AndListedOnItsItem()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var item = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", new { process = new { id = process }, payload = new { } }))["id"]!.GetValue<string>();
        var bytes = "%PDF-1.7 invoice"u8.ToArray();
        var link = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}/files/upload", new { file_name = "invoice.pdf", file_size = bytes.Length });
        using var anonymous = Server.CreateClient();
        using (var upload = await PostAsync(anonymous, link["url"]!.GetValue<string>(), link["form_data"]!.AsObject(), bytes))
        {
            var file = await Api.OkJsonAsync(upload);
            Assert.Equal("invoice.pdf", file["name"]!.GetValue<string>());
            Assert.Equal(bytes.Length, file["size"]!.GetValue<long>());
        }

        using (var again = await PostAsync(anonymous, link["url"]!.GetValue<string>(), link["form_data"]!.AsObject(), bytes))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
            Assert.Equal("upload_url_used", await Json.ErrorCodeAsync(again));
        }

        var full = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}");
        var listed = Assert.Single(full["files"]!.AsArray())!;
        Assert.Equal("invoice.pdf", listed["name"]!.GetValue<string>());

        // The same name again replaces the file.
        var second = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}/files/upload", new { file_name = "invoice.pdf", file_size = 3 });
        using (var replace = await PostAsync(anonymous, second["url"]!.GetValue<string>(), second["form_data"]!.AsObject(), "new"u8.ToArray()))
        {
            await Api.OkJsonAsync(replace);
        }

        var after = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}");
        Assert.Equal(3, Assert.Single(after["files"]!.AsArray())!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task Uploads_MayNotExceedTheAnnouncedSize_AndNamesArePlain()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var item = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", new { process = new { id = process } }))["id"]!.GetValue<string>();
        var link = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}/files/upload", new { file_name = "a.txt", file_size = 4 });
        using var anonymous = Server.CreateClient();
        using (var tooBig = await PostAsync(anonymous, link["url"]!.GetValue<string>(), link["form_data"]!.AsObject(), new byte[4096]))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
            Assert.Equal("file_too_large", await Json.ErrorCodeAsync(tooBig));
        }

        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}"))["files"]!.AsArray());
        foreach (var (body, code) in new (object, string)[]
                 {
                     (new { file_name = "../etc/passwd", file_size = 1 }, "invalid_name"),
                     (new { file_name = "", file_size = 1 }, "invalid_name"),
                     (new { file_name = "a.txt" }, "invalid_file_size"),
                 })
        {
            using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/work-items/{item}/files/upload", Json.Body(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, await Json.ErrorCodeAsync(response));
        }

        using var huge = await admin.PostAsync($"/api/v1/workspaces/{Ws}/work-items/{item}/files/upload", Json.Body(new { file_name = "big.bin", file_size = 1L << 40 }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task LegacyProcessApi_HandsOutUrlAndFields()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var item = (await Api.PostAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/work-items", new { payload = new { a = 1 } }))["id"]!.GetValue<string>();
        var link = await Api.PostAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/work-items/{item}/files/upload", new { fileName = "data.csv", fileSize = 5 });
        using var anonymous = Server.CreateClient();
        using var upload = await PostAsync(anonymous, link["url"]!.GetValue<string>(), link["fields"]!.AsObject(), "a,b,c"u8.ToArray());
        await Api.OkJsonAsync(upload);
        var full = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}");
        Assert.Equal("data.csv", Assert.Single(full["files"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATruncatedUpload_WithoutCredentials_Is400_StoresNothing_AndTheUrlStillWorks()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var item = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", new { process = new { id = process } }))["id"]!.GetValue<string>();
        var link = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}/files/upload", new { file_name = "a.txt", file_size = 100 });
        var fields = link["form_data"]!.AsObject();
        var head = string.Concat(fields.Select(f => $"--b\r\nContent-Disposition: form-data; name=\"{f.Key}\"\r\n\r\n{f.Value}\r\n"));
        using var anonymous = Server.CreateClient();
        foreach (var body in new[]
                 {
                     head[..(head.Length / 2)],
                     head + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nthe first half of the fi",
                     head + "--b\r\nContent-Disposition: form-da",
                 })
        {
            using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
            using var response = await anonymous.PostAsync(link["url"]!.GetValue<string>(), content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("invalid_upload", await Json.ErrorCodeAsync(response));
        }

        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}"))["files"]!.AsArray());
        using (var whole = await PostAsync(anonymous, link["url"]!.GetValue<string>(), fields, "all of it"u8.ToArray()))
        {
            await Api.OkJsonAsync(whole);
        }
    }

    /// <summary>Two uploads of one name to one item at the same moment: each ends in success or a conflict, never a server error.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ConcurrentUploadsOfOneName_EndInSuccessOrAConflict_AndLeaveOneFile(DatabaseProvider provider)
    {
        await using var server = await HangarTestServer.StartAsync(provider);
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(server, admin);
        var item = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/work-items", new { process = new { id = process } }))["id"]!.GetValue<string>();
        var links = new List<JsonNode>();
        for (var i = 0; i < 12; i++)
        {
            links.Add(await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{item}/files/upload", new { file_name = "same.txt", file_size = 8 }));
        }

        using var anonymous = server.CreateClient();
        var answers = await Task.WhenAll(links.Select(async link =>
        {
            using var response = await PostAsync(anonymous, link["url"]!.GetValue<string>(), link["form_data"]!.AsObject(), "contents"u8.ToArray());
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode} {a.Item2}"));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{item}"))["files"]!.AsArray());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient anonymous, string url, JsonObject fields, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value!.GetValue<string>()), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "upload");
        var response = await anonymous.PostAsync(url, form);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
