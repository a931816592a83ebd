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
}
