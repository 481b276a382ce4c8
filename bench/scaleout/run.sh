#!/usr/bin/env bash
# Scale-out benchmark: the same mixed workload (hub API reads, signed-in page views, MLflow log-batch, git ref
# advertisements, small commits) through nginx (deploy/nginx/chorus.conf) against Chorus nodes on one PostgreSQL
# database and one s3proxy bucket, measured in windows that alternate 1 node, 2 nodes, 1, 2, … (nginx is reloaded
# with the serving nodes alone, the others stopped with SIGSTOP and resumed with SIGCONT before they serve again):
# by default (-Dbench.layout=equal) two nodes the same size, each started with -XX:ActiveProcessorCount=1 and pinned to
# a core of its own (taskset), as containers given one core by a cpuset would run them, the 1-node windows served by
# each in turn (-Dbench.layout=shares: a third node seeing both cores serves the 1-node windows; machine: two nodes
# seeing both cores, not pinned; -Dbench.pin=false: not pinned), so that the machine's drift hits both settings
# alike; prints per window throughput, latency, CPU per request per node,
# PostgreSQL's and nginx's, each pair's coordination loss and their median (ScaleOutBench.java, with the scaleout
# module's test harness).
# The windows are paced (-Dbench.rate=auto, the default: each serving node asked 0.4 of the rate all nodes answered
# back to back at the end of the warm-up, so a 2-node window asks twice a 1-node one's; N: N a second per node;
# 0: every client back to back).
# JAVA_OPTS=-Dbench.clients=8 -Dbench.warmup=30 -Dbench.warmupRequests=1500 -Dbench.pairs=3 -Dbench.seconds=50
# -Dbench.switchSettle=15 (the defaults: both nodes warm up together for at least 30 s and until each answered that
# many requests, at most 4 minutes, then until each node's JIT took ≤ -Dbench.jitSettled=0.12 of its CPU over 30 s,
# at most -Dbench.settleMax=360 s; then 3 pairs of 50 s windows, each after 15 s of unmeasured load since the switch),
# -Dbench.jfr=DIR (JFR recordings with CPU-time samples of each serving node per window, DIR/wK-Nn-nID.jfr),
# -Dbench.skip="file resolve,commit" (kinds left out); SKIP_BUILD=1 reuses the build. Run it at nice -n 19 on a
# shared machine; 10–15 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/jdk.sh
source scripts/lib/packages.sh
source scripts/lib/postgres.sh
[ -x /usr/sbin/nginx ] || chorus_apt_install nginx
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar and the scaleout test harness (tests skipped)..." >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl scaleout -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt >/dev/null
fi
classpath="$PWD/scaleout/target/test-classes:$(cat scaleout/target/test-classpath.txt)"
classes="$PWD/bench/out/scaleout-classes"
rm -rf "$classes"
mkdir -p "$classes"
# the bench is in the harness's package (its Cluster, ChorusNode and MixedLoad are package-private)
javac -d "$classes" -cp "$classpath" bench/scaleout/src/org/chorus/scaleout/*.java
chorus_start_postgres >&2
trap chorus_stop_postgres EXIT
# 10 GB: s3proxy (transient, in this JVM's heap) keeps every pack written, compactions included, for the whole run
# (6 GB ran out with three nodes warming up, 2026-12-05)
# from the module's directory, as its tests run (the harness finds cli/target/chorus.jar and deploy/ from there)
cd scaleout
PGDATA="$PG_DIR/data" java -Xmx10g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classes:$classpath" org.chorus.scaleout.ScaleOutBench
