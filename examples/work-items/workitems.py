"""
The work item calls robocorp-workitems makes, in plain Python (standard library only), over the routes Hangar
documents in docs/runtime.md. A robot that has robocorp-workitems installed uses that instead; this file shows what
travels on the wire.
"""
import json
import os
import urllib.error
import urllib.request

_env = os.environ
_ws = _env["RC_WORKSPACE_ID"]
_process = _env["RC_API_PROCESS_HOST"].rstrip("/") + "/process-v1/workspaces/%s/processes/%s/" % (_ws, _env["RC_PROCESS_ID"])
_step_run = _process + "runs/%s/robotRuns/%s/" % (_env["RC_PROCESS_RUN_ID"], _env["RC_ACTIVITY_RUN_ID"])
_items = _env["RC_API_WORKITEM_HOST"].rstrip("/") + "/json-v1/workspaces/%s/workitems/" % _ws


def _call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        text = response.read()
        return json.loads(text) if text else None


def inputs():
    """Yields the ids of the step's input items: the one the worker reserved for this run, then one reservation at a time."""
    item = _env.get("RC_WORKITEM_ID")
    while item:
        yield item
        item = _call("POST", _step_run + "reserve-next-work-item", _env["RC_API_PROCESS_TOKEN"])["workItemId"]


def payload(item):
    """The item's JSON payload; {} when it has none (as robocorp-workitems reads a 404)."""
    try:
        return _call("GET", _items + item + "/data", _env["RC_API_WORKITEM_TOKEN"])
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return {}
        raise


def create_output(item, output_payload):
    """A new output item, child of the input: the next step's input, or a run output after the last step."""
    return _call("POST", _process + "work-items/%s/output" % item, _env["RC_API_PROCESS_TOKEN"], {"payload": output_payload})["id"]


def done(item):
    _call("POST", _step_run + "release-work-item", _env["RC_API_PROCESS_TOKEN"], {"workItemId": item, "state": "COMPLETED"})


def fail(item, code, message, exception_type="BUSINESS"):
    """Releases the item failed: the run ends unresolved until someone retries it or marks it done."""
    _call("POST", _step_run + "release-work-item", _env["RC_API_PROCESS_TOKEN"],
          {"workItemId": item, "state": "FAILED", "exception": {"type": exception_type, "code": code, "message": message}})
