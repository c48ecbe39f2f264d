#!/bin/bash
# 'zfnet serve' under load: starts 'bin/zfnet serve --port 0', warms it up, then runs CLIENTS concurrent clients for
# SECONDS (launcher's ServeLoad, from the test classes: conv5 projections, JSON and PNG, and occluder positions, across
# the 12 sample images) and prints requests/s, latency p50/p95, successes, busy answers (503, documented) and
# failures, and the server's resident memory (RSS) before and after.
#   bench/serve-load.sh [DIST] [SECONDS] [CLIENTS] [MODEL]
#   (DIST default: launcher/target/zfnet, built with ./zfnet; SECONDS 60; CLIENTS 20; MODEL zfnet-mini)
# Needs launcher/target/test-classes (mvn -pl launcher -am verify, or test-compile, builds them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=${1:-$ROOT/launcher/target/zfnet}
SECONDS_=${2:-60}
CLIENTS=${3:-20}
MODEL=${4:-zfnet-mini}
CLASSES=$ROOT/launcher/target/test-classes
[ -f "$CLASSES/org/zfnet/launcher/it/ServeLoad.class" ] || { echo "no $CLASSES/org/zfnet/launcher/it/ServeLoad.class; build the launcher's tests first" >&2; exit 1; }
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

"$DIST/bin/zfnet" serve --port 0 --model "$MODEL" > "$WORK/out.txt" 2> "$WORK/err.txt" &
PID=$!   # bin/zfnet execs java: this is the JVM
for _ in $(seq 1 600); do grep -q 'open http' "$WORK/out.txt" && break; sleep 0.2; done
URL=$(sed -n 's/^zfnet serve: open \(http[^ ?]*\).*/\1/p' "$WORK/out.txt")
[ -n "$URL" ] || { cat "$WORK/err.txt"; exit 1; }
rss() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$PID/status"; }
java -cp "$CLASSES" org.zfnet.launcher.it.ServeLoad "$URL" 5 "$CLIENTS" > /dev/null   # warm-up
BEFORE=$(rss)
java -cp "$CLASSES" org.zfnet.launcher.it.ServeLoad "$URL" "$SECONDS_" "$CLIENTS" | sed "s/^/$MODEL, $CLIENTS clients: /"
echo "$MODEL: resident memory $BEFORE MiB before, $(rss) MiB after"
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
