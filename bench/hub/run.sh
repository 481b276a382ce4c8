#!/usr/bin/env bash
# Hub transfer benchmark: upload and download through the SDK against an in-process server, each beside
# sha256sum / cat on the same file in the same run, and the storage a 10%-changed second version adds.
# Usage: bench/hub/run.sh [SIZE_MIB]   (default 512)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
echo "building the chorus jar (tests skipped)..." >&2
mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package >/dev/null
java -Xmx4g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp cli/target/chorus.jar bench/hub/HubBench.java "${1:-512}"
rm -rf bench/out/hub-*
