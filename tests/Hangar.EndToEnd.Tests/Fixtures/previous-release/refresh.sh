#!/bin/sh
# Makes this folder's fixture: a SQLite install as a released Hangar leaves it (hangar.db, master.key), with a process,
# queued runs (one with a payload) and a vault secret in it. UpgradeTests start the current build on a copy of it and
# check that the data is still there. Run it with the release's build at each release, and commit the result:
#   tests/Hangar.EndToEnd.Tests/Fixtures/previous-release/refresh.sh [path/to/hangar.dll]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dll=${1:-$here/../../../../src/Hangar.Cli/bin/Debug/net10.0/hangar.dll}
data=$(mktemp -d)
port=$((20000 + $$ % 20000))
url=http://127.0.0.1:$port
password=fixture-owner-secret-1
trap 'rm -rf "$data"' EXIT

serve() {
  HANGAR_ADMIN_PASSWORD=$password dotnet "$dll" serve --urls "$url" --data-dir "$data" --no-worker >"$data/serve.log" 2>&1 &
  pid=$!
  i=0
  until curl -sf "$url/readyz" >/dev/null; do
    i=$((i + 1)); [ $i -lt 300 ] || { cat "$data/serve.log"; exit 1; }; sleep 0.2
  done
}

serve
kill -TERM $pid; wait $pid || true
key=$(dotnet "$dll" admin create-api-key --data-dir "$data" --workspace Default --name fixture --all-permissions --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
serve
api() { curl -sf -H "Authorization: RC-WSKEY $key" -H 'Content-Type: application/json' "$@"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
ws=$(api "$url/api/v1/workspaces" | field '["data"][0]["id"]')
package=$(api -X POST "$url/api/v1/workspaces/$ws/task-packages" -d '{"name":"fixture-robot"}' | field '["id"]')
zip="$data/robot.zip"
python3 - "$zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("robot.yaml", "tasks:\n  Main:\n    shell: python3 -c \"print('fixture')\"\n")
PY
api "$url/api/v1/workspaces/$ws/task-packages/$package/upload" >"$data/upload.json"
form=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join("-F %s=%s" % (k, v) for k, v in d["form_data"].items()))' "$data/upload.json")
# shellcheck disable=SC2086
curl -sf $form -F "file=@$zip;type=application/zip" "$(field '["url"]' <"$data/upload.json")" >/dev/null
process=$(api -X POST "$url/api/v1/workspaces/$ws/processes" \
  -d "{\"name\":\"fixture-process\",\"steps\":[{\"task_package\":{\"id\":\"$package\"},\"task\":\"Main\"}]}" | field '["id"]')
api -X POST "$url/api/v1/workspaces/$ws/processes/$process/process-runs" -d '{"type":"with_payloads","payloads":[{"order":"A-1"}]}' >/dev/null
api -X POST "$url/api/v1/workspaces/$ws/processes/$process/process-runs" -d '{}' >/dev/null
api -X POST "$url/api/v1/workspaces/$ws/vault/secrets" -d '{"name":"crm","value":{"password":"fixture-vault-value"}}' >/dev/null
kill -TERM $pid; wait $pid || true
cp "$data/hangar.db" "$data/master.key" "$here/"
echo "Fixture written to $here (workspace $ws, process $process)."
