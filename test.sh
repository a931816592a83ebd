#!/usr/bin/env bash
# Runs every Hangar test. Installs and starts what the tests need when it is missing (PostgreSQL as a throwaway
# cluster on a private port, an S3-compatible server (s3rver from npm, in .tools/) on another, Chromium, bubblewrap),
# builds once, runs each test project, and ends with the line
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS=$(mktemp -d /tmp/hangar-tests.XXXXXX)
PG_DIR=""
S3_DIR=""
S3_PID=""
S3RVER_VERSION=3.7.1

log() { printf '\n== %s\n' "$*"; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  PG_BIN=$(find_pg_bin)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    log "Installing PostgreSQL (apt)"
    if [ "$(id -u)" != 0 ]; then echo "PostgreSQL is missing; install it: sudo apt-get install -y postgresql" >&2; return 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
    PG_BIN=$(find_pg_bin)
  fi
}

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

start_postgres() {
  ensure_postgres || return 1
  PG_DIR=$(mktemp -d /tmp/hangar-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
  local port; port=$(free_port "${HANGAR_TEST_PG_PORT:-55432}")
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
  # A throwaway cluster: durability settings off, so tests run fast.
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }
  export HANGAR_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $port"
}

stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
}
# The S3 blob store's tests run against a real S3-compatible server: s3rver, installed with npm into .tools/ (the
# store itself uses only standard S3 calls, nothing particular to s3rver).
ensure_s3rver() {
  S3RVER=.tools/s3rver/node_modules/.bin/s3rver
  [ -x "$S3RVER" ] && return 0
  log "Installing s3rver $S3RVER_VERSION (npm)"
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" != 0 ]; then echo "npm is missing; install it: sudo apt-get install -y npm" >&2; return 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || return 1
  fi
  mkdir -p .tools/s3rver
  npm install --prefix .tools/s3rver --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >/dev/null || return 1
}

start_s3() {
  ensure_s3rver || return 1
  S3_DIR=$(mktemp -d /tmp/hangar-s3.XXXXXX)
  local port; port=$(free_port "${HANGAR_TEST_S3_PORT:-45680}")
  "$S3RVER" -d "$S3_DIR/data" -a 127.0.0.1 -p "$port" --silent >"$S3_DIR/server.log" 2>&1 &
  S3_PID=$!
  local tries=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ] || ! kill -0 "$S3_PID" 2>/dev/null; then cat "$S3_DIR/server.log"; return 1; fi
    sleep 0.1
  done
  export HANGAR_TEST_S3_ENDPOINT="http://127.0.0.1:$port"
  # s3rver's fixed test credentials; the tests hand them to Hangar as the AWS credential chain would.
  export HANGAR_TEST_S3_ACCESS_KEY_ID=S3RVER HANGAR_TEST_S3_SECRET_ACCESS_KEY=S3RVER
  echo "s3rver $S3RVER_VERSION on port $port"
}

stop_s3() {
  [ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null && wait "$S3_PID" 2>/dev/null
  [ -n "$S3_DIR" ] && rm -rf "$S3_DIR"
}

stop_services() {
  stop_postgres
  stop_s3
}
trap stop_services EXIT

# The browser tests drive Debian's Chromium (never a downloaded browser).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "Installing Chromium (apt)"
  if [ "$(id -u)" != 0 ]; then echo "Chromium is missing; install it: sudo apt-get install -y chromium" >&2; return 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

# Robots run in a bubblewrap sandbox where it is installed; the isolation tests run that sandbox for real.
ensure_bubblewrap() {
  command -v bwrap >/dev/null && return 0
  log "Installing bubblewrap (apt)"
  if [ "$(id -u)" != 0 ]; then echo "bubblewrap is missing; install it: sudo apt-get install -y bubblewrap" >&2; return 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
}

# The reverse-proxy and cluster tests run Debian's nginx in front of Hangar (a TLS proxy; a load balancer over two
# nodes), as a child process with its own config.
ensure_nginx() {
  [ -x /usr/sbin/nginx ] && return 0
  log "Installing nginx (apt)"
  if [ "$(id -u)" != 0 ]; then echo "nginx is missing; install it: sudo apt-get install -y nginx" >&2; return 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
}

# The vault-and-asset example robot (examples/) opens vault values with Python's cryptography package, as
# robocorp-vault does.
ensure_python_cryptography() {
  python3 -c 'import cryptography' 2>/dev/null && return 0
  log "Installing Python's cryptography package"
  if [ "$(command -v python3)" = /usr/bin/python3 ]; then
    if [ "$(id -u)" != 0 ]; then echo "cryptography is missing; install it: sudo apt-get install -y python3-cryptography" >&2; return 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-cryptography >/dev/null
  else
    python3 -m pip install -q cryptography
  fi
}

# The metrics test runs Debian's prometheus (a child process with its own config and data folder on a free port)
# against a test server and queries it. The package's own service is not used; it may stay stopped.
ensure_prometheus() {
  [ -x /usr/bin/prometheus ] && return 0
  log "Installing prometheus (apt)"
  if [ "$(id -u)" != 0 ]; then echo "prometheus is missing; install it: sudo apt-get install -y prometheus" >&2; return 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
}

passed=0
failed=0

log "Starting PostgreSQL"
if ! start_postgres; then
  echo "Could not start PostgreSQL; the PostgreSQL tests will fail." >&2
fi

log "Starting s3rver"
if ! start_s3; then
  echo "Could not start s3rver; the S3 blob store tests will fail." >&2
fi

ensure_chromium || echo "Could not install Chromium; the browser tests will fail." >&2
ensure_bubblewrap || echo "Could not install bubblewrap; the robot isolation tests will fail." >&2
ensure_nginx || echo "Could not install nginx; the reverse-proxy and cluster tests will fail." >&2
ensure_python_cryptography || echo "Could not install Python's cryptography; the vault-and-asset example's test will fail." >&2
ensure_prometheus || echo "Could not install prometheus; the metrics test will fail." >&2
# Screenshots the browser tests take are kept here after the run.
export HANGAR_TEST_ARTIFACTS="$PWD/artifacts/test"
rm -rf "$HANGAR_TEST_ARTIFACTS"

# A test project missing from the solution would be skipped silently by the --no-build runs below.
for project in tests/*/*.Tests.csproj; do
  if ! grep -q "$project" Hangar.slnx; then
    echo "$project is not in Hangar.slnx: add it with 'dotnet sln add $project'." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done

log "Building"
if ! dotnet build Hangar.slnx -nologo -clp:NoSummary -v:q; then
  echo "0 passed, 1 failed"
  exit 1
fi

# The Robocorp conformance tests read Robocorp's own OpenAPI document at test time (it is not part of this
# repository): HANGAR_ROBOCORP_OPENAPI, else shared/reference/ beside the repository or a folder above it.
conformance_filter=
if [ -z "${HANGAR_ROBOCORP_OPENAPI:-}" ]; then
  dir=$(pwd)
  while [ "$dir" != / ]; do
    candidate="$dir/shared/reference/robocorp-control-room-openapi-2023-10.json"
    if [ -f "$candidate" ]; then export HANGAR_ROBOCORP_OPENAPI="$candidate"; break; fi
    dir=$(dirname "$dir")
  done
fi
if [ -z "${HANGAR_ROBOCORP_OPENAPI:-}" ] || [ ! -f "$HANGAR_ROBOCORP_OPENAPI" ]; then
  echo "WARNING: Robocorp's OpenAPI document was not found (set HANGAR_ROBOCORP_OPENAPI or put shared/reference/ beside" >&2
  echo "the repository): the four tests that compare Hangar with it are left out of this run, not passed." >&2
  conformance_filter="Needs!=RobocorpOpenApi"
fi

for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log "Testing $name"
  filter=()
  if [ -n "$conformance_filter" ] && [ "$name" = Hangar.Server.Tests ]; then filter=(--filter "$conformance_filter"); fi
  dotnet test "$project" --no-build -nologo "${filter[@]}" --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS"
  trx="$RESULTS/$name.trx"
  if [ -f "$trx" ]; then
    p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
    f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  else
    echo "$name produced no results: counted as one failure." >&2
    failed=$((failed + 1))
  fi
done

rm -rf "$RESULTS"
[ -d "$HANGAR_TEST_ARTIFACTS/screenshots" ] && echo "Screenshots of the web UI: $HANGAR_TEST_ARTIFACTS/screenshots"
[ -n "$conformance_filter" ] && echo "Not run: the Robocorp conformance tests (Robocorp's OpenAPI document not found; see above)."
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
