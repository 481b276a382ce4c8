#!/usr/bin/env bash
# Web page speed beside the JSON API for the same data (see WebBench.java): 100,000 repositories seeded in SQL,
# one repository with 10,000 files and 1,000 commits, medians per page, and the first load's JS + CSS.
# Usage: bench/web/run.sh   (-Dbench.repos=… -Dbench.files=… -Dbench.commits=… through JAVA_OPTS for a smaller run)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar (tests skipped)..." >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package >/dev/null
fi
java -Xmx4g ${JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp cli/target/chorus.jar bench/web/WebBench.java
rm -rf bench/out/web-*
