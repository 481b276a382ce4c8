#!/usr/bin/env bash
# Semantic search bench: embedding throughput beside raw ONNX Runtime inference, HNSW recall@10 and latency over
# N synthetic card vectors beside exact search; then, with "tune", the choice of card text and hybrid fusion on the
# evaluation set (tuning half) with the held-out half's nDCG@10.
# Usage: [PARTS=embedding|hnsw] bench/discovery/semantic.sh [N] [tune]   (100,000 vectors: ~8 min to index on 2 loaded cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/lib/jdk.sh
mkdir -p bench/out
cp="bench/out/semantic-classpath.txt"
mvn -B -ntp -q -Dstyle.color=never -pl semantic -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$cp" >/dev/null
classes="bench/out/semantic-bench-classes"
rm -rf "$classes"
full="semantic/target/classes:semantic/target/test-classes:$(cat "$cp")"
javac -d "$classes" -cp "$full" bench/discovery/src/org/chorus/semantic/*.java
run() { java -Xmx3g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classes:$full" "$@" 2>&1 | grep -v -e '^WARNING' -e 'CudaUtils' -e 'PanamaVectorization' -e '^INFO'; }
echo "load: $(uptime)"
run org.chorus.semantic.SemanticBench "${1:-100000}" bench/out/semantic-index "${PARTS:-embedding,hnsw}"
if [[ "${2:-}" == tune ]]; then run org.chorus.semantic.SemanticTuning; fi
echo "load: $(uptime)"
