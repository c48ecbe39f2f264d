#!/bin/bash
# Images per second of top-9 mining on Spark in local mode (local[2]: two executor threads in one JVM) against the
# single-machine command on the same 2 cores and the same images, measured side by side: each round runs both.
# The rate is that of the mining pass as each prints it (the forward passes and the heaps, without JVM start-up or
# the projections of the hits, which both do the same way); whole-process wall times are printed beside it.
#   bench/spark-throughput.sh [MODEL] [IMAGES_PER_CLASS] [ROUNDS]   (defaults: zfnet 40 3; six classes)
# Needs ./zfnet spark built (./zfnet spark --help builds it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODEL=${1:-zfnet}
PER_CLASS=${2:-40}
ROUNDS=${3:-3}
DIST=$ROOT/launcher/target/zfnet
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$DIST/bin/zfnet" dataset generate --out "$WORK/data" --train 1 --val "$PER_CLASS" --seed 7 > /dev/null 2>&1
IMAGES=$(find "$WORK/data/val" -name '*.png' | wc -l)
MINE=(--model "$MODEL" --top 9 --layer conv5 --channels 0-15 --batch 16)
: > "$WORK/local.txt"; : > "$WORK/spark.txt"; : > "$WORK/ratio.txt"; : > "$WORK/local-wall.txt"; : > "$WORK/spark-wall.txt"
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/l" "$WORK/s"
  start=$(date +%s.%N)
  "$DIST/bin/zfnet" analyze deconv "${MINE[@]}" --input "$WORK/data/val" --out "$WORK/l" 2> "$WORK/l.err" > /dev/null
  echo "$(date +%s.%N) - $start" | bc >> "$WORK/local-wall.txt"
  # "mining conv5: 240 done in 9.3s"
  LOCAL=$(sed -n 's/.*mining conv5: \([0-9]*\) done in \([0-9.]*\)s.*/\1 \2/p' "$WORK/l.err" | awk '{ print $1 / $2 }')
  start=$(date +%s.%N)
  "$ROOT/zfnet" spark deconv "${MINE[@]}" --input "$WORK/data/val" --out "$WORK/s" --master 'local[2]' \
    2> "$WORK/s.err" > /dev/null
  echo "$(date +%s.%N) - $start" | bc >> "$WORK/spark-wall.txt"
  # "zfnet spark: mining conv5: 8/8 tasks, 240/240 images, 25.1 images/s, done"
  SPARK=$(grep 'mining conv5: .*, done' "$WORK/s.err" | sed 's/.* \([0-9.]*\) images\/s, done/\1/')
  [ -n "$LOCAL" ] && [ -n "$SPARK" ] || { tail -5 "$WORK/l.err" "$WORK/s.err"; exit 1; }
  echo "$LOCAL" >> "$WORK/local.txt"; echo "$SPARK" >> "$WORK/spark.txt"
  echo "$SPARK $LOCAL" | awk '{ print $1 / $2 }' >> "$WORK/ratio.txt"
  printf 'round %d: single machine %.1f images/s, Spark local[2] %.1f images/s\n' "$round" "$LOCAL" "$SPARK"
done
printf '%s, %d images, top-9 of conv5 channels 0-15, %d rounds (medians):\n' "$MODEL" "$IMAGES" "$ROUNDS"
printf '  mining pass: single machine %.1f images/s, Spark local[2] %.1f images/s, ratio %.2f (rounds: %s)\n' \
  "$(median < "$WORK/local.txt")" "$(median < "$WORK/spark.txt")" "$(median < "$WORK/ratio.txt")" \
  "$(tr '\n' ' ' < "$WORK/ratio.txt" | xargs printf '%.2f ' | sed 's/ $//')"
printf '  whole process: single machine %.1f s, Spark local[2] %.1f s\n' "$(median < "$WORK/local-wall.txt")" \
  "$(median < "$WORK/spark-wall.txt")"
