#!/bin/bash
# Resident memory of one shell session over many analyses: starts 'bin/zfnet shell' (Felix Gogo), feeds it RUNS
# 'zfnet:analyze ...' commands one after the other (a cycle of five: deconv filters and coarse occlusion on
# zfnet-mini, a deconv projection and coarse occlusion on zfnet, with random weights) and prints VmRSS from
# /proc/PID/status after run 1 and after every 10th run. A container that loads each run's network afresh and never
# frees it grows by about a network per run; one that shares and closes stays flat once every network is loaded.
#   bench/shell-rss.sh [DIST] [RUNS]   (DIST default: launcher/target/zfnet, built with ./zfnet; RUNS default 100)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=${1:-$ROOT/launcher/target/zfnet}
RUNS=${2:-100}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$DIST/bin/zfnet" dataset generate --out "$WORK/images" --train 0 --val 1 --seed 3 > /dev/null
IMAGE=$(find "$WORK/images" -name '*.png' | sort | head -n 1)

mkfifo "$WORK/in"
"$DIST/bin/zfnet" shell < "$WORK/in" > "$WORK/out.txt" 2> "$WORK/err.txt" &
PID=$!   # bin/zfnet execs java: this is the JVM
exec 3> "$WORK/in"

command_of() {
  local out="$WORK/out/$1"
  case $(( ($1 - 1) % 5 )) in
    0) echo "zfnet:analyze deconv --filters --out $out" ;;
    1) echo "zfnet:analyze occlusion --input $IMAGE --patch 56 --stride 56 --out $out" ;;
    2) echo "zfnet:analyze deconv --model zfnet --input $IMAGE --layer conv3 --out $out" ;;
    3) echo "zfnet:analyze occlusion --input $IMAGE --patch 28 --stride 28 --mode fast --out $out" ;;
    4) echo "zfnet:analyze occlusion --model zfnet --input $IMAGE --patch 112 --stride 112 --out $out" ;;
  esac
}

# a failed run's one line; the notes 'zfnet: no --weights given: ...' are not failures
failures() {
  grep '^zfnet: ' "$WORK/err.txt" | grep -v 'no --weights given' || true
}

rss_mb() {
  awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status"
}

START=$(date +%s)
for i in $(seq 1 "$RUNS"); do
  command_of "$i" >&3
  # each run ends with 'wrote N files to ...' on standard output (after the prompt 'g! '), or a 'zfnet: ' line on standard error
  until [ $(( $(grep -c 'wrote [0-9]* files to' "$WORK/out.txt" || true) + $(failures | wc -l) )) -ge "$i" ]; do
    if ! kill -0 "$PID" 2> /dev/null; then
      echo "the shell ended after $((i - 1)) runs:" >&2
      tail -n 20 "$WORK/err.txt" >&2
      exit 1
    fi
    sleep 0.2
  done
  if [ "$i" -eq 1 ] || [ $(( i % 10 )) -eq 0 ]; then
    echo "after run $i: VmRSS $(rss_mb) MB ($(( $(date +%s) - START )) s)"
  fi
  rm -rf "$WORK/out/$i"
done
FAILED=$(failures | wc -l)
exec 3>&-
wait "$PID" || true
echo "$RUNS runs, $FAILED failed"
[ "$FAILED" -eq 0 ] || { failures | sort | uniq -c >&2; exit 1; }
