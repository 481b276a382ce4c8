#!/usr/bin/env bash
# Web page speed beside the JSON API for the same data, medians per page.
#   bench/web/run.sh         repository pages (WebBench.java): 100,000 repositories seeded in SQL, one repository
#                            with 10,000 files and 1,000 commits, and the first load's JS + CSS
#   bench/web/run.sh lists   the model list with facets beside /api/models for the same query (ListBench.java)
#   bench/web/run.sh runs    the runs table (100,000 runs, 500 metric keys) beside runs/search, and a chart of a
#                            1,000,000-point metric beside the API's history reads (RunsBench.java)
#   bench/web/run.sh charts  log-batch with and without metric block summaries, and chart requests (1,000,000 and
#                            1,000 points, a zoom) beside raw JDBC reads of the rows they need (ChartBench.java)
# JAVA_OPTS=-Dbench.repos=… (-Dbench.files=… -Dbench.commits=…) for a smaller run; SKIP_BUILD=1 to reuse the jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-pages}" in
  pages) bench=WebBench; out=web ;;
  lists) bench=ListBench; out=web-lists ;;
  runs) bench=RunsBench; out=web-runs ;;
  charts) bench=ChartBench; out=web-charts ;;
  *) echo "usage: bench/web/run.sh [pages|lists|runs|charts]" >&2; exit 2 ;;
esac
source scripts/lib/jdk.sh
mkdir -p bench/out
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building the chorus jar (tests skipped)..." >&2
  mvn -B -ntp -q -Dstyle.color=never -DskipTests -pl cli -am package >/dev/null
fi
java -Xmx4g ${JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp cli/target/chorus.jar "bench/web/$bench.java"
rm -rf bench/out/"$out"-*
