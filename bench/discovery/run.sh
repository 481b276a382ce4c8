#!/usr/bin/env bash
# Search with facets over a synthetic Hub-shaped ecosystem (DiscoveryBench.java; the generator is described there
# and in RESULTS.md). JAVA_OPTS=-Dbench.models=… for another size (default 1,800,000); SKIP_BUILD=1 to reuse the jar;
# -Dbench.runs / -Dbench.warmup (100 / 20) for the search cases, -Dbench.familyRuns / -Dbench.familyWarmup for the rest;
# -Dbench.parts=search,families,decay adds the daily trending decay at full size (~10 minutes more at 1.8M).
# JAVA_OPTS=-Dbench.snapshot=true: the same ecosystem as a hub-stats models.parquet loaded through snapshot import,
# beside DuckDB reading the file (the import's own log lines split its time into rows and index).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar (tests skipped)..." >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package >/dev/null
fi
uptime
java -Xmx${BENCH_HEAP:-6g} ${JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.chorus.discovery.Ecosystems=info -Dorg.slf4j.simpleLogger.log.org.chorus.discovery.ChangeFollower=info -cp cli/target/chorus.jar bench/discovery/DiscoveryBench.java
uptime
rm -rf bench/out/discovery-*
