#!/usr/bin/env bash
# Transfer speed and storage cost, each beside its floor measured in the same run (issue #16):
#   download through /resolve ÷ nginx (sendfile, page cache), 1 and 8 streams; Xet download (official JS client) ÷ nginx;
#   CLI upload ÷ dd conv=fsync; second-version upload time ÷ first; bytes on disk the JS client's second version adds
#   over Xet and over LFS. The server runs with -Xmx256m (bounded memory).
#   bench/transfer/run.sh [SIZE_MIB]     (default 1024; needs nginx, curl, node/npm; about 5 GB free under bench/out)
#   STORE=s3 bench/transfer/run.sh 512   the same against an S3 store (s3proxy in its own JVM, objects in its heap: keep
#                                        the size small); the disk-added rows are then not measured
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source bench/transfer/lib.sh
size_mib=${1:-1024}
mkdir -p bench/out
work=$(mktemp -d "$root/bench/out/transfer.XXXXXX")
source scripts/lib/ports.sh
port=$(chorus_free_port)
nport=$((port + 1))
token=hf_transferBenchToken0123456789
export CHORUS_HOME="$work/home"
./chorus --version >/dev/null
server=""
nginx_pid=""
s3_pid=""
stop() {
  local rc=$?
  [ -n "$s3_pid" ] && kill "$s3_pid" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && while kill -0 "$server" 2>/dev/null; do sleep 0.2; done
  # a failed run keeps the server's log (the work directory goes: it holds GiBs)
  [ "$rc" -ne 0 ] && [ -f "$work/server.log" ] && cp "$work/server.log" "$root/bench/out/transfer-failed-server.log" \
    && echo "server log kept in bench/out/transfer-failed-server.log" >&2
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap stop EXIT

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; file ${size_mib} MiB"
mkdir -p "$work/www"
chmod 755 "$work" "$work/www"   # nginx's workers run as another user
file="$work/www/weights.bin"
head -c $((size_mib << 20)) /dev/urandom >"$file"
chmod 644 "$file"

export CHORUS_TEST_JS="$root/server/src/test/js"
[ -d "$CHORUS_TEST_JS/node_modules" ] || (cd "$CHORUS_TEST_JS" && npm ci --silent >/dev/null)
ln -s "$CHORUS_TEST_JS/node_modules" "$work/node_modules"
cp bench/transfer/xet.mjs "$work/xet.mjs"

storage=()
if [ "${STORE:-dir}" = s3 ]; then
  source scripts/lib/jdk.sh
  mvn -B -ntp -q -Dstyle.color=never -pl storage -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/s3.classpath" >&2
  coproc S3 { exec "$JAVA_HOME/bin/java" -Xmx6g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "storage/target/test-classes:$(cat "$work/s3.classpath")" org.chorus.storage.S3TestServer 2>"$work/s3.log"; }
  s3_pid=$S3_PID
  read -r url <&"${S3[0]}"
  storage=(--storage "$url")
  echo "store: s3proxy (in-heap), $url"
fi
CHORUS_JAVA_OPTS="-Xmx256m ${BENCH_JAVA_OPTS:-}" CHORUS_BOOTSTRAP_TOKEN=$token ./chorus serve --port "$port" --fl-port -1 \
    --data "$work/data" "${storage[@]}" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
./chorus login --url "http://127.0.0.1:$port" --token "$token" >/dev/null
./chorus repo create admin/bench >/dev/null

# --- upload: the CLI against dd conv=fsync of the same file to the same disk
start=$(now); dd if="$file" of="$work/dd.out" bs=4M conv=fsync status=none; dd_s=$(elapsed "$start"); rm -f "$work/dd.out"
start=$(now); ./chorus upload admin/bench "$file" >/dev/null; up_s=$(elapsed "$start")
bytes=$(stat -c %s "$file")
up=$(mbps "$bytes" "$up_s"); dd_rate=$(mbps "$bytes" "$dd_s")

# --- second version: 10% of the file rewritten in place (every tenth 1 MiB block), uploaded again with the CLI
python3 - "$file" <<'PY'
import os, sys
with open(sys.argv[1], "r+b") as f:
    size = os.fstat(f.fileno()).st_size
    for off in range(0, size, 10 << 20):
        f.seek(off); f.write(os.urandom(1 << 20))
PY
start=$(now); ./chorus upload admin/bench "$file" >/dev/null; up2_s=$(elapsed "$start")

# --- downloads: /resolve against nginx serving the same file from page cache
start_nginx "$work/www" "$nport"
cat "$file" >/dev/null
url="http://127.0.0.1:$port/admin/bench/resolve/main/weights.bin"
auth="Authorization: Bearer $token"
expect=$bytes
start=$(now); curl -fs -o /dev/null -H "$auth" "$url"; cold=$(mbps "$bytes" "$(elapsed "$start")")   # first read verifies every chunk
n1=$(download_rate "http://127.0.0.1:$nport/weights.bin" 1)
c1=$(download_rate "$url" 1 "$auth")
t0=$(cpu_ticks $(pgrep -P "$nginx_pid")); n8=$(download_rate "http://127.0.0.1:$nport/weights.bin" 8)
n8_cpu=$(( $(cpu_ticks $(pgrep -P "$nginx_pid")) - t0 ))
t0=$(cpu_ticks "$server"); c8=$(download_rate "$url" 8 "$auth"); c8_cpu=$(( $(cpu_ticks "$server") - t0 ))

# --- Xet download through the official JS client (its own upload first)
export HUB_URL="http://127.0.0.1:$port" HF_TOKEN=$token
# a failure here (printed above the table) leaves "failed" in its rows rather than losing the whole table
if read -r _ xb xs < <(node "$work/xet.mjs" download "$file" admin/xet | grep '^XET_DOWNLOAD'); then xet=$(mbps "$xb" "$xs"); else xet=failed; fi
# the JS runtime's own ceiling: a plain fetch() of the same file from nginx (no Xet, no Chorus)
read -r _ fb fs < <(node "$work/xet.mjs" fetch "http://127.0.0.1:$nport/weights.bin" | grep '^FETCH')
jsf=$(mbps "$fb" "$fs")

# --- bytes on disk a second version adds, JS client over Xet and over LFS (a 64 MiB safetensors-like file)
disk() { du -sb --exclude=.tmp --exclude=.cache "$work/data/storage" | cut -f1; }
added() {   # added REPO xet|lfs → "added_bytes file_bytes"
  local before size
  coproc JS { node "$work/xet.mjs" versions "$1" "$2"; }
  read -r _ _ size <&"${JS[0]}"
  before=$(disk)
  echo go >&"${JS[1]}"
  read -r _ _ size <&"${JS[0]}"
  wait "$JS_PID"
  echo "$(( $(disk) - before )) $size"
}
if [ "${STORE:-dir}" = s3 ]; then
  xet_added=n/a lfs_added=n/a v_size="(s3: not measured)"
else
  read -r xet_added v_size < <(added admin/versions-xet xet)
  read -r lfs_added _ < <(added admin/versions-lfs lfs)
fi

echo
printf '%-58s %-28s %-8s %s\n' figure measured ratio goal
printf '%-58s %-28s %-8s %s\n' "download /resolve ÷ nginx, 1 stream" "$c1 / $n1 MB/s" "$(ratio "$c1" "$n1")" "≥ 0.8"
printf '%-58s %-28s %-8s %s\n' "  (first download after start, verifying: $cold MB/s)" "" "" ""
printf '%-58s %-28s %-8s %s\n' "download /resolve ÷ nginx, 8 streams" "$c8 / $n8 MB/s" "$(ratio "$c8" "$n8")" "≥ 0.8"
printf '%-58s %-28s %-8s %s\n' "  (server CPU ÷ nginx workers' CPU for those 8 streams)" "$c8_cpu / $n8_cpu ticks" "$(ratio "$c8_cpu" "$n8_cpu")" ""
printf '%-58s %-28s %-8s %s\n' "Xet download (JS downloadFile) ÷ nginx, 1 stream" "$xet / $n1 MB/s" "$(ratio "$xet" "$n1")" "≥ 0.5"
printf '%-58s %-28s %-8s %s\n' "  (JS fetch() of the file from nginx ÷ nginx: the ceiling)" "$jsf / $n1 MB/s" "$(ratio "$jsf" "$n1")" ""
printf '%-58s %-28s %-8s %s\n' "  (Xet download ÷ that JS fetch() from nginx)" "$xet / $jsf MB/s" "$(ratio "$xet" "$jsf")" ""
printf '%-58s %-28s %-8s %s\n' "CLI upload ÷ dd conv=fsync" "$up / $dd_rate MB/s" "$(ratio "$up" "$dd_rate")" "≥ 0.8"
printf '%-58s %-28s %-8s %s\n' "second-version CLI upload time ÷ first" "$up2_s / $up_s s" "$(ratio "$up2_s" "$up_s")" "≤ 0.3"
printf '%-58s %-28s %-8s %s\n' "disk added by JS client's 2nd version ÷ size, Xet" "$xet_added / $v_size B" "$(ratio "$xet_added" "$v_size")" "≤ 0.15"
printf '%-58s %-28s %-8s %s\n' "disk added by JS client's 2nd version ÷ size, LFS" "$lfs_added / $v_size B" "$(ratio "$lfs_added" "$v_size")" "≤ 0.15"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
