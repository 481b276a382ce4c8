#!/usr/bin/env bash
# Uploads through the CLI as a user runs it, against a local server whose data sit on the same disk as the file:
#   1. a new file of SIZE_MB (default 1024) random bytes, beside `dd conv=fsync` of the same file into the server's
#      data folder (the floor: the server must write every byte once);
#   2. a second version with a new header and 10% of its bytes rewritten in eight places (over Xet: only new chunks go).
# Prints each ratio beside its goal (issue #16) and the load average, since the machine is shared.
# Before the timings one WARM_MB file (default 64; 0: none) and its second version go to another repository: a hub
# server runs for days, so its JIT's warm-up (C1 + C2 were a third of a fresh server's first-upload CPU, and 0.5 of
# a second version's 2.4 CPU-seconds when only new files had warmed it) belongs to its start. The client
# starts fresh for every upload, as a user's CLI does, and pays its own.
#   bench/upload/run.sh            SIZE_MB=256 bench/upload/run.sh            WARM_MB=0 bench/upload/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${SIZE_MB:-1024}
warm_mb=${WARM_MB:-64}
work=$(mktemp -d "${TMPDIR:-/tmp}/chorus-upload-bench.XXXXXX")
source scripts/lib/ports.sh
port=$(chorus_free_port)
token=hf_uploadBenchBootstrapToken01
export CHORUS_HOME="$work/home"
./chorus --version >/dev/null   # builds outside the timings
CHORUS_BOOTSTRAP_TOKEN=$token ./chorus serve --port "$port" --fl-port -1 --data "$work/data" >"$work/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null; while kill -0 "$server" 2>/dev/null; do sleep 0.2; done; rm -rf "$work"; }
trap stop EXIT
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
./chorus login --url "http://127.0.0.1:$port" --token "$token" >/dev/null

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l; }
server_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$(pgrep -P "$server" java || echo "$server")/stat"; }
# Runs an upload; prints the client's and the server's CPU seconds beside its wall time (where the time went).
upload() {
  local before t after
  before=$(server_cpu); t=$(now)
  /usr/bin/time -f '%U %S' -o "$work/cpu.txt" ./chorus upload admin/bench "$@" --path-in-repo model.bin --quiet 2>"$work/upload.err" \
      || { cat "$work/upload.err" >&2; exit 1; }
  up_s=$(secs "$t" "$(now)"); after=$(server_cpu)
  cpu="client CPU $(awk '{print $1 + $2}' "$work/cpu.txt") s, server CPU $(echo "$after - $before" | bc) s"
}
head -c "${size_mb}M" /dev/urandom >"$work/v1.bin"
bytes=$((size_mb * 1024 * 1024))
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; file ${size_mb} MiB"

# second_version V1 V2: V1 with a 1,000-byte header in front (everything after it shifts) and 10% rewritten in eight places.
second_version() {
  local n piece i
  n=$(stat -c %s "$1"); piece=$((n / 80))
  head -c 1000 /dev/urandom >"$2"; cat "$1" >>"$2"
  for i in 0 1 2 3 4 5 6 7; do
    dd if=/dev/urandom of="$2" bs="$piece" count=1 seek=$((1000 + i * n / 8 + n / 40)) oflag=seek_bytes conv=notrunc status=none
  done
}

if [ "$warm_mb" -gt 0 ]; then
  # A new file and a second version of it: the second's paths (deduplication answers, announced terms) warm up too.
  head -c "${warm_mb}M" /dev/urandom >"$work/warm.bin"
  second_version "$work/warm.bin" "$work/warm2.bin"
  ./chorus repo create admin/warm-up >/dev/null
  ./chorus upload admin/warm-up "$work/warm.bin" --path-in-repo warm.bin --quiet >/dev/null
  ./chorus upload admin/warm-up "$work/warm2.bin" --path-in-repo warm.bin --quiet >/dev/null
  rm -f "$work/warm.bin" "$work/warm2.bin"
  echo "server warmed by a ${warm_mb} MiB upload and its second version (server CPU $(server_cpu) s since its start)"
fi

t=$(now); dd if="$work/v1.bin" of="$work/data/dd.out" bs=16M conv=fsync status=none; dd_s=$(secs "$t" "$(now)")
rm -f "$work/data/dd.out"
./chorus repo create admin/bench >/dev/null
upload "$work/v1.bin" >"$work/up1.txt"; up1_s=$up_s; cpu1=$cpu

second_version "$work/v1.bin" "$work/v2.bin"
upload "$work/v2.bin" >"$work/up2.txt"; up2_s=$up_s; cpu2=$cpu
sent2=$(sed -n 's/^Sent \([0-9.]*\) \([kMG]*B\);.*/\1 \2/p' "$work/up2.txt")
sent2_bytes=$(echo "$sent2" | awk '{m=$2=="kB"?1e3:$2=="MB"?1e6:$2=="GB"?1e9:1; printf "%d", $1*m}')

printf 'dd conv=fsync           %6.2f s  %7.1f MB/s\n' "$dd_s" "$(echo "$bytes / $dd_s / 1000000" | bc -l)"
printf 'upload, new file        %6.2f s  %7.1f MB/s   %s  (%s)\n' "$up1_s" "$(echo "$bytes / $up1_s / 1000000" | bc -l)" "$(grep '^Sent' "$work/up1.txt" | cut -d' ' -f1-6)" "$cpu1"
printf 'upload, second version  %6.2f s                %s  (%s)\n' "$up2_s" "$(grep '^Sent' "$work/up2.txt" | cut -d' ' -f1-6)" "$cpu2"
printf 'upload speed / dd             %5.2f  (goal >= 0.80)\n' "$(echo "$dd_s / $up1_s" | bc -l)"
printf 'second version time / first   %5.2f  (goal <= 0.30)\n' "$(echo "$up2_s / $up1_s" | bc -l)"
printf 'second version bytes sent     %5.3f of its size (goal <= 0.15)\n' "$(echo "$sent2_bytes / ($bytes + 1000)" | bc -l)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
