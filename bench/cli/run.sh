#!/usr/bin/env bash
# Times the CLI's short commands through the ./chorus launcher, as a user runs them, against a local server:
# whoami, repo list and --help (hyperfine: 3 warm-up runs, then 20), and as the floor in the same run a JVM that only
# starts and stops (java -Xshare:auto -version, the JDK's own class-data archive). Prints hyperfine's summary, each
# command's mean wall time as a multiple of the floor's, and the load average (the machine is shared: wall time under
# load is an upper bound; the CPU column is the steadier figure).
#   bench/cli/run.sh            (builds the jar and the AOT cache first if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d /tmp/chorus-cli-bench.XXXXXX)
source scripts/lib/ports.sh
port=$(chorus_free_port)
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
source scripts/lib/jdk.sh
hyperfine -N --warmup 3 --runs 20 --style basic --export-json "$work/times.json" \
    "$JAVA_HOME/bin/java -Xshare:auto -version" './chorus whoami' './chorus repo list' './chorus --help' 2>&1 \
    | grep -E 'Benchmark|Time|Range'
python3 - "$work/times.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = results[0]["mean"]
for r in results[1:]:
    print(f"{r['command']:<20} {r['mean']:.3f} s = {r['mean'] / floor:.1f} x the bare JVM's {floor:.3f} s")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
