using Hangar.TestSupport;

namespace Hangar.Browser.Tests;

/// <summary>Robots the browser tests run: Python scripts, as <c>python3</c> is on every test machine.</summary>
public static class BrowserRobots
{
    private const string Yaml = """
        tasks:
          Main:
            shell: python3 robot.py
        artifactsDir: output
        """;

    /// <summary>Prints its input payload, then a line every 0.3 s, so a console visibly fills while it runs.</summary>
    private const string Script = """
        import json, os, sys, time, urllib.request
        items = os.environ["RC_API_WORKITEM_HOST"] + "/json-v1/workspaces/" + os.environ["RC_WORKSPACE_ID"] + "/workitems/" + os.environ["RC_WORKITEM_ID"] + "/data"
        request = urllib.request.Request(items, headers={"Authorization": "Bearer " + os.environ["RC_API_WORKITEM_TOKEN"]})
        try:
            payload = json.load(urllib.request.urlopen(request))
        except Exception:
            payload = None
        print("payload " + json.dumps(payload), flush=True)
        for i in range(1, 6):
            print("step %d of 5" % i, flush=True)
            time.sleep(0.3)
        os.makedirs(os.environ["ROBOT_ARTIFACTS"], exist_ok=True)
        with open(os.path.join(os.environ["ROBOT_ARTIFACTS"], "report.txt"), "w") as f:
            f.write("done")
        print("robot finished", flush=True)
        """;

    public static byte[] Slow() => RobotZips.Build(("robot.yaml", Yaml), ("robot.py", Script));

    /// <summary>
    /// Fails its input item with a BUSINESS exception when the payload says <c>"fail": true</c>, else releases it done,
    /// as a robot using robocorp-workitems does.
    /// </summary>
    private const string FailingScript = """
        import json, os, urllib.request
        env = os.environ
        ws = env["RC_WORKSPACE_ID"]
        P = env["RC_API_PROCESS_HOST"].rstrip("/") + "/process-v1/workspaces/%s/processes/%s/" % (ws, env["RC_PROCESS_ID"])
        RUN = P + "runs/%s/robotRuns/%s/" % (env["RC_PROCESS_RUN_ID"], env["RC_ACTIVITY_RUN_ID"])
        item = env["RC_WORKITEM_ID"]

        def call(method, url, token, body=None):
            request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method)
            request.add_header("Authorization", "Bearer " + token)
            request.add_header("Content-Type", "application/json")
            with urllib.request.urlopen(request) as response:
                text = response.read()
                return json.loads(text) if text else None

        payload = call("GET", env["RC_API_WORKITEM_HOST"].rstrip("/") + "/json-v1/workspaces/%s/workitems/%s/data" % (ws, item), env["RC_API_WORKITEM_TOKEN"])
        print("item payload " + json.dumps(payload), flush=True)
        if payload and payload.get("fail"):
            call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"],
                 {"workItemId": item, "state": "FAILED", "exception": {"type": "BUSINESS", "code": "BAD_DATA", "message": "Invoice rejected"}})
            print("item failed", flush=True)
        else:
            call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"], {"workItemId": item, "state": "COMPLETED"})
            print("item done", flush=True)
        """;

    /// <summary>Prints a line every half second for two minutes: a run to stop.</summary>
    private const string LongScript = """
        import time
        for i in range(1, 241):
            print("working %d" % i, flush=True)
            time.sleep(0.5)
        """;

    public static byte[] Failing() => RobotZips.Build(("robot.yaml", Yaml), ("robot.py", FailingScript));

    public static byte[] Lengthy() => RobotZips.Build(("robot.yaml", Yaml), ("robot.py", LongScript));

    /// <summary>A zip without robot.yaml, which every upload refuses.</summary>
    public static byte[] WithoutRobotYaml() => RobotZips.Build(("robot.py", "print('hello')"));

    /// <summary>A valid robot with an incompressible data file, so the zip is larger than the server's usual request limit.</summary>
    public static byte[] Large(int dataBytes)
    {
        var data = new byte[dataBytes];
        Random.Shared.NextBytes(data);
        return RobotZips.Build(zip =>
        {
            using (var yaml = new StreamWriter(zip.CreateEntry("robot.yaml").Open()))
            {
                yaml.Write(Yaml);
            }

            using var file = zip.CreateEntry("data.bin", System.IO.Compression.CompressionLevel.NoCompression).Open();
            file.Write(data);
        });
    }
}
