#!/usr/bin/env bash
# The model list with facets beside /api/models for the same query, over 100,000 repositories (see ListBench.java).
# Usage: bench/web/run-lists.sh   (JAVA_OPTS=-Dbench.repos=… for a smaller run; SKIP_BUILD=1 to reuse the jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar (tests skipped)..." >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package >/dev/null
fi
java -Xmx4g ${JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp cli/target/chorus.jar bench/web/ListBench.java
rm -rf bench/out/web-lists-*
