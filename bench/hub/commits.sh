#!/usr/bin/env bash
# Commit concurrency benchmark: WRITERS threads committing disjoint files to one branch over HTTP for SECONDS,
# without and with parentCommit, on SQLite and (when CHORUS_TEST_POSTGRES_URL names a server) PostgreSQL.
# Usage: bench/hub/commits.sh [WRITERS] [SECONDS]   (default 6 writers, 20 s per mode)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
echo "building (mvn package, tests skipped)..." >&2
mvn -B -ntp -q -Dstyle.color=never -pl server -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$PWD/bench/out/commits-cp.txt" >/dev/null
CP="$(cat bench/out/commits-cp.txt):$(ls server/target/chorus-server-*.jar | grep -v tests | head -1)"
run_one() {
  java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" bench/hub/CommitBench.java "${1:-6}" "${2:-20}" "${3:-}"
}
run_one "${1:-6}" "${2:-20}"
if [ -n "${CHORUS_TEST_POSTGRES_URL:-}" ]; then
  # a fresh database on that server, dropped with it by whoever runs the server
  DB="chorus_bench_$RANDOM$RANDOM"
  psql "$CHORUS_TEST_POSTGRES_URL" -qc "CREATE DATABASE $DB" >/dev/null
  run_one "${1:-6}" "${2:-20}" "${CHORUS_TEST_POSTGRES_URL%/*}/$DB"
  psql "$CHORUS_TEST_POSTGRES_URL" -qc "DROP DATABASE $DB" >/dev/null
fi
rm -rf bench/out/commits-*
