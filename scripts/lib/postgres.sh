# Sourced by scripts/test: installs PostgreSQL if missing, starts a throwaway server for this run and
# exports CHORUS_TEST_POSTGRES_URL. The server lives in a temp directory and is stopped on exit.
chorus_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
chorus_start_postgres() {
  local bin
  bin=$(chorus_pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    chorus_apt_install postgresql
    bin=$(chorus_pg_bin)
  fi
  PG_DIR=$(mktemp -d /tmp/chorus-pg.XXXXXX)
  local run_as=()
  # PostgreSQL refuses to run as root; run it as the postgres system user the package creates.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_DIR" postgres
    chown postgres "$PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  local attempt
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(shuf -i 20000-60000 -n 1)
    if "${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null; then
      break
    fi
    [ "$attempt" = 5 ] && { cat "$PG_DIR/log" >&2; return 1; }
  done
  PG_STOP=("${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop)
  export CHORUS_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  export CHORUS_REQUIRE_POSTGRES=1
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for tests on port $PG_PORT"
}
chorus_stop_postgres() {
  if [ -n "${PG_DIR:-}" ]; then
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
