#!/usr/bin/env bash
# Search with facets over a synthetic Hub-shaped ecosystem (DiscoveryBench.java; the generator is described there
# and in RESULTS.md). JAVA_OPTS=-Dbench.models=… for another size (default 1,800,000); SKIP_BUILD=1 to reuse the jar.
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
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp cli/target/chorus.jar bench/discovery/DiscoveryBench.java
uptime
rm -rf bench/out/discovery-*
