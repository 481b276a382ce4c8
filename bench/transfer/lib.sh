# Shared pieces of bench/transfer/run.sh: a server, nginx, timed downloads. Sourced, not run.

# mbps BYTES SECONDS → MB/s (10^6 bytes)
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
now() { date +%s.%N; }
# cpu_ticks PID...: user + system CPU of these processes so far, in clock ticks (all their threads)
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# start_nginx DIR PORT: serves DIR on 127.0.0.1:PORT with sendfile, from a private config (no root needed)
start_nginx() {
  local dir=$1 port=$2 conf="$work/nginx"
  mkdir -p "$conf"
  cat >"$conf/nginx.conf" <<CONF
worker_processes 2;
pid $conf/nginx.pid;
error_log $conf/error.log;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fcgi;
  uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
  server { listen 127.0.0.1:$port; root $dir; }
}
CONF
  nginx -p "$conf" -c "$conf/nginx.conf" -g 'daemon off;' 2>>"$conf/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/" -r 0-0 2>/dev/null && break; curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
}

# download_rate URL STREAMS [HEADER...]: MB/s (each download must be $expect bytes) of STREAMS concurrent full downloads of URL (bytes of all ÷ wall time);
# the best of 3 rounds, as the machine is shared
download_rate() {
  local url=$1 streams=$2 best=0
  shift 2
  local hdr=()
  for h in "$@"; do hdr+=(-H "$h"); done
  for _ in 1 2 3; do
    local start bytes=0 pids=() files=()
    start=$(now)
    for i in $(seq 1 "$streams"); do
      curl -fs -o /dev/null -w '%{size_download}\n' "${hdr[@]}" "$url" >"$work/dl.$i" &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    local t; t=$(elapsed "$start")
    for i in $(seq 1 "$streams"); do
      local got; got=$(cat "$work/dl.$i")
      [ "$got" = "$expect" ] || { echo "download $url returned $got of $expect bytes" >&2; exit 1; }
      bytes=$((bytes + got))
    done
    local r; r=$(mbps "$bytes" "$t")
    [ "$r" -gt "$best" ] && best=$r
  done
  echo "$best"
}
