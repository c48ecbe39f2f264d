#!/bin/sh
# zfnet against PyTorch on this machine, side by side in one run, on the same weights and inputs:
# ZFNet forward (batch 1 and 16), deconvnet projections from conv5 (one, nine in a row), occlusion 48/8 of one
# 224x224 image (zfnet exact and fast; PyTorch naive and batched, as Captum does it); torchvision's ResNet-50 and VGG-16
# forward (batch 1 and 16) and ResNet-50's exact occlusion 48/8 (zfnet's built-in specs; PyTorch: torchvision's models on
# the same weights); start-up time, and the single-precision GEMM rate of both. Prints medians, ratios zfnet/PyTorch with the targets, GFLOP/s, and the max abs
# difference of the outputs. Both sides stay up and take turns workload by workload (PyTorch, then zfnet), in
# ZFNET_COMPARE_ROUNDS rounds (3 by default); each ratio is the median of the rounds' ratios. The two timings of a
# ratio are seconds apart, so the shared machine's slow and fast spells of minutes do not favour either side.
# Installs Debian's python3-torch and OpenBLAS when missing (needs root and apt).
#   bench/compare.sh [DIR]     (default target/compare; 2 threads each, ZFNET_BENCH_THREADS to change)
set -e
cd "$(dirname "$0")/.."
DIR=${1:-target/compare}
THREADS=${ZFNET_BENCH_THREADS:-2}
ROUNDS=${ZFNET_COMPARE_ROUNDS:-3}
PYTHON=/usr/bin/python3     # Debian's interpreter, the one python3-torch installs into
# PyTorch gets an optimised BLAS for its fully connected layers (Debian's default libblas is the reference one)
if ! "$PYTHON" -c "import torch" 2>/dev/null || ! readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 | grep -q openblas; then
  echo "compare: installing Debian's python3-torch and OpenBLAS (OpenMP) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-openmp >/dev/null
fi
mvn -q -B -pl bench -am install -DskipTests -DskipCuda
mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/zfnet/javacpp
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS" ZFNET_BENCH_THREADS="$THREADS"
# both sides get the allocator settings bin/zfnet uses (see launcher/src/dist/bin/zfnet)
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=2147483648}"
JAVA="java -Dorg.bytedeco.javacpp.cachedir=$CACHE -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp $CP"
mkdir -p "$DIR"
rm -f "$DIR"/torch-[0-9]*.json "$DIR"/zfnet-[0-9]*.json
echo "compare: weights and inputs ..." >&2
$JAVA org.zfnet.bench.Compare prepare "$DIR"
echo "compare: start-up ..." >&2
STARTUP=$(bench/startup.sh 5 | sed -n 's/^median of [0-9]*: \([0-9.]*\) ms$/\1/p')
echo "compare: PyTorch's outputs ..." >&2
$JAVA org.zfnet.bench.Compare run "$DIR" "$ROUNDS" "$PYTHON" bench/compare/zfnet_torch.py
$JAVA org.zfnet.bench.Compare table "$DIR" "$STARTUP" | tee "$DIR/compare.md"
