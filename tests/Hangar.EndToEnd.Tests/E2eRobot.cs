namespace Hangar.EndToEnd.Tests;

/// <summary>Robots for the end-to-end tests: plain Python with urllib, calling Hangar as robocorp-workitems does.</summary>
internal static class E2eRobot
{
    public const string WorkItemsYaml = """
        tasks:
          Main:
            shell: python3 robot.py
        artifactsDir: output
        """;

    public const string SleeperYaml = """
        tasks:
          Main:
            shell: python3 -c "import time; print('sleeping', flush=True); time.sleep(120)"
        artifactsDir: output
        """;

    /// <summary>
    /// Takes the item the worker reserved (RC_WORKITEM_ID), then reserves the rest; per item reads the payload and
    /// either fails it (BUSINESS) or creates an output with a file and releases it done. Leaves a report in ROBOT_ARTIFACTS.
    /// </summary>
    public const string WorkItemsScript = """
        import json, os, sys, urllib.request, uuid

        env = os.environ
        ws = env["RC_WORKSPACE_ID"]
        P = env["RC_API_PROCESS_HOST"].rstrip("/") + "/process-v1/workspaces/%s/processes/%s/" % (ws, env["RC_PROCESS_ID"])
        W = env["RC_API_WORKITEM_HOST"].rstrip("/") + "/json-v1/workspaces/%s/workitems/" % ws
        RUN = P + "runs/%s/robotRuns/%s/" % (env["RC_PROCESS_RUN_ID"], env["RC_ACTIVITY_RUN_ID"])

        def call(method, url, token=None, body=None, raw=None, content_type=None):
            data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
            request = urllib.request.Request(url, data=data if method != "GET" else None, method=method)
            if token:
                request.add_header("Authorization", "Bearer " + token)
            request.add_header("Content-Type", content_type or "application/json")
            with urllib.request.urlopen(request) as response:
                text = response.read()
                try:
                    return json.loads(text) if text else None
                except ValueError:
                    return text

        def upload(item_id, name, content):
            grant = call("POST", W + item_id + "/files", env["RC_API_WORKITEM_TOKEN"], {"fileName": name, "fileSize": len(content)})
            boundary = uuid.uuid4().hex
            parts = [("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode()
                     for k, v in grant["fields"].items()]
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                          "Content-Type: application/octet-stream\r\n\r\n" % (boundary, name)).encode() + content + b"\r\n")
            parts.append(("--%s--\r\n" % boundary).encode())
            call("POST", grant["url"], raw=b"".join(parts), content_type="multipart/form-data; boundary=" + boundary)

        item = env["RC_WORKITEM_ID"]
        done = 0
        while item:
            payload = call("GET", W + item + "/data", env["RC_API_WORKITEM_TOKEN"])
            print("processing %s" % json.dumps(payload, sort_keys=True))
            if payload.get("fail"):
                call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"],
                     {"workItemId": item, "state": "FAILED", "exception": {"type": "BUSINESS", "code": "BAD_DATA", "message": "rejected %d" % payload["n"]}})
            else:
                output = call("POST", P + "work-items/%s/output" % item, env["RC_API_PROCESS_TOKEN"], {"payload": {"doubled": payload["n"] * 2}})
                upload(output["id"], "result.txt", ("result %d" % payload["n"]).encode())
                call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"], {"workItemId": item, "state": "COMPLETED"})
            done += 1
            item = call("POST", RUN + "reserve-next-work-item", env["RC_API_PROCESS_TOKEN"])["workItemId"]

        with open(os.path.join(env["ROBOT_ARTIFACTS"], "report.txt"), "w") as report:
            report.write("processed %d" % done)
        print("warning on stderr", file=sys.stderr)
        print("done %d" % done)
        """;
}
