#!/usr/bin/env bash
# Times the CLI's short commands through the ./chorus launcher, as a user runs them, against a local server:
# whoami, repo list and --help (hyperfine: 3 warm-up runs, then 20). Prints hyperfine's summary and the load average.
#   bench/cli/run.sh            (builds the jar and the AOT cache first if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d /tmp/chorus-cli-bench.XXXXXX)
port=$(shuf -i 20000-60000 -n 1)
token=hf_cliBenchBootstrapToken0123456
export CHORUS_HOME="$work/home"
./chorus --version >/dev/null   # builds and writes the AOT cache outside the timings
CHORUS_BOOTSTRAP_TOKEN=$token ./chorus serve --port "$port" --fl-port -1 --data "$work/data" >"$work/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null; while kill -0 "$server" 2>/dev/null; do sleep 0.2; done; rm -rf "$work"; }
trap stop EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
./chorus login --url "http://127.0.0.1:$port" --token "$token" >/dev/null
./chorus repo create admin/bench >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hyperfine -N --warmup 3 --runs 20 --style basic './chorus whoami' './chorus repo list' './chorus --help' 2>&1 \
    | grep -E 'Benchmark|Time|Range'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
