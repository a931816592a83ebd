using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker.Tests;

public class AssignmentUrlsTests
{
    private static Assignment Assignment(string serverUrl, string downloadUrl, Dictionary<string, string> env) =>
        new("sr", "run", "process", "ws", "org", "Process", 1, 1, new AssignmentStep("step", "Step", 0), "Main", 60, DateTimeOffset.UtcNow,
            "hgr_token", null, new AssignmentPackage("v", new string('0', 64), 1, downloadUrl), env) { ServerUrl = serverUrl };

    [Fact]
    public void UrlsOnThePublicUrl_MoveOntoTheAddressTheWorkerUses_OthersStayAsTheyAre()
    {
        var assignment = Assignment("https://hangar.example.com", "https://hangar.example.com/blobs/download?policy=p&signature=s", new()
        {
            ["RC_API_URL_V1"] = "https://hangar.example.com/api/v1",
            ["RC_API_WORKITEM_HOST"] = "https://hangar.example.com",
            ["RC_WORKSPACE_ID"] = "ws",
            ["ELSEWHERE"] = "https://hangar.example.com.evil/x",
        });

        var moved = AssignmentUrls.OnServer(assignment, new Uri("http://127.0.0.1:8080/"));

        Assert.Equal("http://127.0.0.1:8080/blobs/download?policy=p&signature=s", moved.Package.DownloadUrl);
        Assert.Equal("http://127.0.0.1:8080/api/v1", moved.Env["RC_API_URL_V1"]);
        Assert.Equal("http://127.0.0.1:8080", moved.Env["RC_API_WORKITEM_HOST"]);
        Assert.Equal("ws", moved.Env["RC_WORKSPACE_ID"]);
        Assert.Equal("https://hangar.example.com.evil/x", moved.Env["ELSEWHERE"]);
    }

    [Fact]
    public void AWorkerOnThePublicUrl_KeepsTheAssignmentAsItIs()
    {
        var assignment = Assignment("https://hangar.example.com", "https://hangar.example.com/blobs/download?x", new() { ["RC_API_URL_V1"] = "https://hangar.example.com/api/v1" });
        Assert.Same(assignment, AssignmentUrls.OnServer(assignment, new Uri("https://hangar.example.com")));
    }
}
