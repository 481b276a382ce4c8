#!/usr/bin/env bash
# Arena benchmark: the Ladder against Blum and Hardt's boosting attack, scoring throughput against a plain loop,
# and a 1,000,000-row submission through the service. Usage: bench/arena/run.sh [REPETITIONS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
mkdir -p bench/out
echo "building the arena module (tests skipped)..." >&2
# in one reactor run, so that the sibling modules resolve to their fresh jars (the last module written is arena)
mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl arena -am package dependency:build-classpath \
  -Dmdep.outputFile="$PWD/bench/out/arena.classpath" >/dev/null
uptime
java -Xmx3g --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "arena/target/classes:$(cat bench/out/arena.classpath)" \
  bench/arena/ArenaBench.java "${1:-20}"
rm -f bench/out/arena.classpath
