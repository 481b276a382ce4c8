#!/usr/bin/env bash
# Bounded memory (issue #16): a server started with -Xmx256m takes a SIZE_MIB file (default 4096) over Xet (the CLI)
# and another over LFS multipart (lfs-upload.py: the JS client hashes whole files with WebCrypto, which stops at 2 GiB),
# and serves both back through /resolve; every download is
# compared by SHA-256. Prints each step's time and the server's heap from its GC log (the most in use before and
# after a collection), so growth with file size shows. A script, not a test: it moves ~4 × SIZE_MIB of data.
#   bench/transfer/bounded-memory.sh [SIZE_MIB]     (about 5 × SIZE_MIB free under bench/out)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source bench/transfer/lib.sh
size_mib=${1:-4096}
mkdir -p bench/out
work=$(mktemp -d "$root/bench/out/memory.XXXXXX")
source scripts/lib/ports.sh
port=$(chorus_free_port)
token=hf_memoryBenchToken0123456789
export CHORUS_HOME="$work/home"
./chorus --version >/dev/null
server=""
stop() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && while kill -0 "$server" 2>/dev/null; do sleep 0.2; done
  rm -rf "$work"
}
trap stop EXIT

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; files ${size_mib} MiB"

CHORUS_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$work/gc.log" CHORUS_BOOTSTRAP_TOKEN=$token ./chorus serve --port "$port" \
    --fl-port -1 --data "$work/data" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
./chorus login --url "http://127.0.0.1:$port" --token "$token" >/dev/null
./chorus repo create admin/xet >/dev/null
./chorus repo create admin/lfs >/dev/null

# The heap in use, in MiB, from G1's "Pause ... 180M->40M(256M)" lines: the largest before and after a pause since line $1.
heap() { tail -n +"$1" "$work/gc.log" | sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\1 \2 \3/p' \
    | awk '{ if ($1 > b) b = $1; if ($2 > a) a = $2; c = $3 } END { if (NR == 0) printf "no collection"; else
        printf "heap before GC ≤ %d MiB, after GC ≤ %d MiB (committed %d MiB)", b, a, c }'; }
step() {   # step LABEL COMMAND...: runs it, prints its time and the heap it cost
  local from start
  from=$(($(wc -l <"$work/gc.log") + 1)); start=$(now)
  "${@:2}" >"$work/step.out" 2>&1 || { cat "$work/step.out" >&2; tail -20 "$work/server.log" >&2; echo "$1 failed" >&2; exit 1; }
  printf '%-34s %7.1f s   %s\n' "$1" "$(elapsed "$start")" "$(heap "$from")"
}
fetch() {   # fetch REPO: downloads through /resolve and checks the SHA-256 against the file's
  local got
  got=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/$1/resolve/main/weights.bin" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$2" ] || { echo "download of $1 hashes to $got, not $2" >&2; return 1; }
}

head -c $((size_mib << 20)) /dev/urandom >"$work/xet.bin"
head -c $((size_mib << 20)) /dev/urandom >"$work/lfs.bin"
xet_sha=$(sha256sum "$work/xet.bin" | cut -d' ' -f1)
lfs_sha=$(sha256sum "$work/lfs.bin" | cut -d' ' -f1)
step "upload over Xet (chorus upload)" ./chorus upload admin/xet "$work/xet.bin" --path-in-repo weights.bin --quiet
step "upload over LFS multipart" python3 bench/transfer/lfs-upload.py "http://127.0.0.1:$port" "$token" admin/lfs \
    "$work/lfs.bin" weights.bin "$lfs_sha"
step "download the Xet upload" fetch admin/xet "$xet_sha"
step "download the LFS upload" fetch admin/lfs "$lfs_sha"
echo "whole run: $(heap 1); server alive: $(kill -0 "$server" && echo yes)"
echo "OutOfMemoryError lines in the server log: $(grep -c OutOfMemoryError "$work/server.log" || true)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
