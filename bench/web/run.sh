#!/usr/bin/env bash
# Web page speed beside the JSON API for the same data, medians per page.
#   bench/web/run.sh         repository pages (WebBench.java): 100,000 repositories seeded in SQL, one repository
#                            with 10,000 files and 1,000 commits, and the first load's JS + CSS
#   bench/web/run.sh lists   the model list with facets beside /api/models for the same query (ListBench.java)
#   bench/web/run.sh runs    the runs table (100,000 runs, 500 metric keys) beside runs/search, and a chart of a
#                            1,000,000-point metric beside the API's history reads (RunsBench.java)
#   bench/web/run.sh charts  log-batch with and without metric block summaries, and chart requests (1,000,000 and
#                            1,000 points, a zoom) beside raw JDBC reads of the rows they need (ChartBench.java)
#   bench/web/run.sh compare the compare page in Chromium (Playwright): 100 runs × 10,000 steps × 5 metrics, time to the
#                            last chart drawn beside the same page with 10 runs (CompareBench.java)
# JAVA_OPTS=-Dbench.repos=… (-Dbench.files=… -Dbench.commits=…) for a smaller run; SKIP_BUILD=1 to reuse the jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-pages}" in
  pages) bench=WebBench; out=web ;;
  lists) bench=ListBench; out=web-lists ;;
  runs) bench=RunsBench; out=web-runs ;;
  charts) bench=ChartBench; out=web-charts ;;
  compare) bench=CompareBench; out=web-compare ;;
  *) echo "usage: bench/web/run.sh [pages|lists|runs|charts|compare]" >&2; exit 2 ;;
esac
source scripts/lib/jdk.sh
mkdir -p bench/out
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar (tests skipped)..." >&2
  # each module's test classpath is written to its target/ in the same reactor (the server's names the discovery
  # test-jar, which only a reactor that packages it can resolve)
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt >/dev/null
fi
classpath=cli/target/chorus.jar
if [ "$bench" = CompareBench ]; then
  # Playwright for Java (a test dependency of the server) drives Chromium; its jars come from the local Maven repository
  classpath="$classpath:$(tr ':' '\n' < server/target/test-classpath.txt | grep -E '/(playwright|driver|driver-bundle|gson|Java-WebSocket)-[0-9]' | paste -sd:)"
fi
java -Xmx4g ${JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classpath" "bench/web/$bench.java"
rm -rf bench/out/"$out"-*
