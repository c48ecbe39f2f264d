#!/bin/sh
# Time from launching zfnet to the first op result, with a warm JavaCPP cache: runs
# 'bin/zfnet backends --check' (start Felix, install and start the bundles, start ND4J, one convolution
# checked against its hand-computed result, stop) N times and prints each wall time and the median.
#   bench/startup.sh [N]   (default 5; builds the distribution first if needed)
set -e
cd "$(dirname "$0")/.."
N=${1:-5}
./zfnet backends --check > /dev/null   # builds if needed, and warms the natives cache
ZFNET=launcher/target/zfnet/bin/zfnet
TIMES=""
i=0
while [ "$i" -lt "$N" ]; do
  START=$(date +%s%N)
  "$ZFNET" backends --check > /dev/null
  END=$(date +%s%N)
  MS=$(( (END - START) / 1000000 ))
  echo "run $((i + 1)): ${MS} ms"
  TIMES="$TIMES $MS"
  i=$((i + 1))
done
echo "$TIMES" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print "median of " NR ": " m " ms"}'
