#!/usr/bin/env bash
# Tracking benchmark: mlflow-go's k6 shapes (20 clients, 30 s each) against an in-process Chorus, on SQLite
# and PostgreSQL, plus search over 100,000 runs and ingest rate versus raw JDBI batch inserts.
# Usage: bench/tracking/run.sh [--duration SECONDS] [--clients N] [--runs N] [--db sqlite|postgres|both] [--filtered-only] [--shapes A,B]
# --filtered-only: seed, then time only the filtered searches (no load shapes, no ingest comparison).
# --shapes A,B: run only these load shapes (e.g. SearchRuns,CreateRun); the ingest comparison needs LogMetricBatch500.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
DURATION=30; CLIENTS=20; RUNS=100000; DB=both; ONLY=(); SHAPES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2;;
    --clients) CLIENTS=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --db) DB=$2; shift 2;;
    --filtered-only) ONLY=(--filtered-only); shift;;
    --shapes) SHAPES=(--shapes "$2"); shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
mkdir -p bench/out
echo "building (mvn package, tests skipped)..."
mvn -B -ntp -q -pl server -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/bench/out/tracking-cp.txt" >/dev/null
CP="$(cat bench/out/tracking-cp.txt):$(ls server/target/chorus-server-*.jar | grep -v tests | head -1):$(ls tracking/target/chorus-tracking-*.jar | head -1)"
# Databases and data directories of both runs live here and go when the script ends.
WORK=$(mktemp -d /tmp/chorus-bench.XXXXXX)
cleanup() {
  if declare -F chorus_stop_postgres >/dev/null; then chorus_stop_postgres; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
run_one() {
  java -Xmx4g -Djava.io.tmpdir="$WORK" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_JAVA_OPTS:-} -cp "$CP" bench/tracking/TrackingBench.java \
    --duration "$DURATION" --clients "$CLIENTS" --runs "$RUNS" --db "$1" "${ONLY[@]}" "${SHAPES[@]}"
}
if [ "$DB" = sqlite ] || [ "$DB" = both ]; then
  run_one "sqlite:$WORK/sqlite/chorus.db"
fi
if [ "$DB" = postgres ] || [ "$DB" = both ]; then
  source scripts/lib/postgres.sh
  chorus_start_postgres
  run_one "$CHORUS_TEST_POSTGRES_URL"
fi
