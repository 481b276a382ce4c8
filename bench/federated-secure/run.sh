#!/usr/bin/env bash
# Secure-aggregation round benchmark: server time per round and communication expansion against plain FedAvg.
# Usage: bench/federated-secure/run.sh [n:d:dropoutPercent:complete ...]   (defaults: see SecAggBenchmark)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/jdk-25*; do
    if [[ -x "$candidate/bin/java" ]]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
[[ -x "${JAVA_HOME:-}/bin/java" ]] || { echo "JDK 25 not found; set JAVA_HOME" >&2; exit 1; }
mvn -B -ntp -q -pl federated-secure test-compile
exec "$JAVA_HOME/bin/java" -Xmx4g -cp federated-secure/target/classes:federated-secure/target/test-classes \
  org.chorus.federated.secure.secagg.SecAggBenchmark "$@"
