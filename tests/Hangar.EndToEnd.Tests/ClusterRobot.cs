using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The robot of the cluster test: it appends its run id to a marker file (so the test can count how often each run's
/// robot ran), makes an output item with a file from its input's payload, releases the input, and leaves an artifact.
/// Like a robot using robocorp-workitems behind a load balancer, it sends a call again when the answer was a 502/503/504
/// or no answer: a node may die under it (and may have done the call before its answer was lost, so a refusal of the
/// repeat counts as done). Its workers run without isolation, so that it can write the test's file.
/// </summary>
internal static class ClusterRobot
{
    public static byte[] Zip(string marker) => RobotZips.Build(
        ("robot.yaml", """
            tasks:
              Main:
                shell: python3 robot.py
            artifactsDir: output
            """),
        ("robot.py", $$$"""
            import json, os, time, urllib.error, urllib.request, uuid

            MARKER = {{{System.Text.Json.JsonSerializer.Serialize(marker)}}}
            env = os.environ
            run = env["RC_PROCESS_RUN_ID"]
            with open(MARKER, "a") as f:
                f.write(run + "\n")

            ws = env["RC_WORKSPACE_ID"]
            P = env["RC_API_PROCESS_HOST"].rstrip("/") + "/process-v1/workspaces/%s/processes/%s/" % (ws, env["RC_PROCESS_ID"])
            W = env["RC_API_WORKITEM_HOST"].rstrip("/") + "/json-v1/workspaces/%s/workitems/" % ws
            RUN = P + "runs/%s/robotRuns/%s/" % (run, env["RC_ACTIVITY_RUN_ID"])

            def call(method, url, token=None, body=None, raw=None, content_type=None):
                data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
                for attempt in range(40):
                    request = urllib.request.Request(url, data=data if method != "GET" else None, method=method)
                    if token:
                        request.add_header("Authorization", "Bearer " + token)
                    request.add_header("Content-Type", content_type or "application/json")
                    try:
                        with urllib.request.urlopen(request, timeout=30) as response:
                            text = response.read()
                            return json.loads(text) if text else None
                    except urllib.error.HTTPError as e:
                        if e.code in (502, 503, 504):
                            pass
                        elif attempt > 0 and method == "POST" and 400 <= e.code < 500:
                            return None  # the node that died had done it before its answer was lost (single-use URL, release)
                        else:
                            raise
                    except (urllib.error.URLError, ConnectionError, TimeoutError):
                        pass
                    time.sleep(0.5)
                raise RuntimeError("no answer from " + url)

            item = env["RC_WORKITEM_ID"]
            n = call("GET", W + item + "/data", env["RC_API_WORKITEM_TOKEN"])["n"]
            output = call("POST", P + "work-items/%s/output" % item, env["RC_API_PROCESS_TOKEN"], {"payload": {"n": n}})
            grant = call("POST", W + output["id"] + "/files", env["RC_API_WORKITEM_TOKEN"], {"fileName": "result.txt", "fileSize": len(b"result %d" % n)})
            boundary = uuid.uuid4().hex
            parts = [("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode() for k, v in grant["fields"].items()]
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"result.txt\"\r\n"
                          "Content-Type: text/plain\r\n\r\n" % boundary).encode() + (b"result %d" % n) + b"\r\n")
            parts.append(("--%s--\r\n" % boundary).encode())
            call("POST", grant["url"], raw=b"".join(parts), content_type="multipart/form-data; boundary=" + boundary)
            call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"], {"workItemId": item, "state": "COMPLETED"})

            os.makedirs(env["ROBOT_ARTIFACTS"], exist_ok=True)
            with open(os.path.join(env["ROBOT_ARTIFACTS"], "report.txt"), "w") as report:
                report.write("run %s item %d" % (run, n))
            print("done %d" % n, flush=True)
            """));

    /// <summary>How often the robot ran for each run.</summary>
    public static Dictionary<string, int> Attempts(string marker) => MarkerRobot.Attempts(marker);
}
