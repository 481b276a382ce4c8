#!/usr/bin/env bash
# The dataset viewer's first-rows and statistics on a generated ~1 GB Parquet file beside direct DuckDB queries of the
# same file (ViewerBench.java). JAVA_OPTS=-Dbench.rows=… for another size; SKIP_BUILD=1 to reuse the jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar (tests skipped)..." >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package >/dev/null
fi
uptime
java -Xmx${BENCH_HEAP:-2g} ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp cli/target/chorus.jar bench/viewer/ViewerBench.java
uptime
