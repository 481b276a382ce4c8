#!/usr/bin/env bash
# Storage benchmark: ingest, read, BLAKE3 and deduplication, each against a baseline measured in the same run.
# Usage: bench/storage/run.sh [work-dir]   (default bench/out/storage; needs ~3 GiB free, sha256sum, b3sum, cat)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$root/bench/out/storage}"
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)"
fi
[[ -x "$JAVA_HOME/bin/java" ]] || { echo "JDK 25 not found: set JAVA_HOME" >&2; exit 1; }
export JAVA_HOME
command -v b3sum >/dev/null || echo "note: b3sum missing (apt-get install b3sum); BLAKE3 ratio will be skipped" >&2
mkdir -p "$work" "$root/bench/out"
cp="$root/bench/out/storage-classpath.txt"
(cd "$root" && mvn -B -ntp -q -pl storage -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp")
classes="$root/bench/out/storage-bench-classes"
rm -rf "$classes"
full="$root/storage/target/classes:$root/storage/target/test-classes:$root/core/target/classes:$root/xet/target/classes:$(cat "$cp")"
"$JAVA_HOME/bin/javac" -d "$classes" -cp "$full" "$root"/bench/storage/src/org/chorus/storage/*.java
exec "$JAVA_HOME/bin/java" -Xmx3g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$classes:$full" org.chorus.storage.StorageBench "$work"
