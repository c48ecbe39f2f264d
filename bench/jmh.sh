#!/bin/sh
# Runs the JMH benchmarks of bench/ on the CPU backend and prints medians (p0.50) per call:
#   bench/jmh.sh KernelBenchmark     every kernel at ZFNet's layer shapes, batch 1 and 16
#   bench/jmh.sh NetworkBenchmark    the whole ZFNet forward pass, batch 1 and 16
# Extra arguments go to JMH (e.g. -p batch=1, -wi 1 -i 2). Run on a quiet machine; never from tests.
set -e
cd "$(dirname "$0")/.."
mvn -q -B -pl bench -am install -DskipTests -DskipCuda
mvn -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP=$(cat bench/target/classpath.txt)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/zfnet/javacpp
exec java -cp "bench/target/classes:$CP" org.openjdk.jmh.Main \
  -jvmArgsAppend "-Dorg.bytedeco.javacpp.cachedir=$CACHE" "${@:-KernelBenchmark}"
