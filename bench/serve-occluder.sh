#!/bin/bash
# Latency of one occluder position in 'zfnet serve' (what the page asks for as the grey square is dragged): starts
# 'bin/zfnet serve --port 0' for each model, asks /api/occlusion for RUNS positions on a sample image (after 5
# warm-up requests), and prints the median of the round trip (curl's time_total: HTTP, the forward pass of the
# occluded input, JSON) and of the server's own measurement ("millis": the forward pass and its read-out).
#   bench/serve-occluder.sh [DIST] [RUNS]   (DIST default: launcher/target/zfnet, built with ./zfnet; RUNS default 50)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=${1:-$ROOT/launcher/target/zfnet}
RUNS=${2:-50}
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for MODEL in zfnet-mini zfnet; do
  "$DIST/bin/zfnet" serve --port 0 --model "$MODEL" > "$WORK/out.txt" 2> "$WORK/err.txt" &
  PID=$!   # bin/zfnet execs java: this is the JVM
  for _ in $(seq 1 600); do grep -q 'open http' "$WORK/out.txt" && break; sleep 0.2; done
  URL=$(sed -n 's/^zfnet serve: open \(http[^ ?]*\).*/\1/p' "$WORK/out.txt")
  [ -n "$URL" ] || { cat "$WORK/err.txt"; exit 1; }
  SIDE=$(curl -s "${URL}api/model" | sed 's/.*"input":\[3,\([0-9]*\),.*/\1/')
  SIZE=$(( SIDE * 48 / 224 ))
  : > "$WORK/total.txt"; : > "$WORK/server.txt"
  for i in $(seq -4 "$RUNS"); do
    X=$(( (i * 37 + 500) % (SIDE - SIZE) )); Y=$(( (i * 53 + 500) % (SIDE - SIZE) ))
    curl -s -o "$WORK/r.json" -w '%{time_total}\n' \
      "${URL}api/occlusion?image=s4&tap=conv5&channel=0&x=$X&y=$Y&size=$SIZE" > "$WORK/t.txt"
    if [ "$i" -gt 0 ]; then
      awk '{ print $1 * 1000 }' "$WORK/t.txt" >> "$WORK/total.txt"
      printf '%s\n' "$(sed 's/.*"millis":\([0-9.]*\).*/\1/' "$WORK/r.json")" >> "$WORK/server.txt"
    fi
  done
  printf '%-10s %dx%d, square %d: median round trip %.1f ms, server %.1f ms (%d positions)\n' "$MODEL" "$SIDE" "$SIDE" \
    "$SIZE" "$(median < "$WORK/total.txt")" "$(median < "$WORK/server.txt")" "$RUNS"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
done
