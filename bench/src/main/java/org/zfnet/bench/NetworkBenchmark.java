package org.zfnet.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.ZfnetModel;

/** The full ZFNet forward pass (every tap kept, as analyses need) on the CPU backend, batch 1 and 16. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class NetworkBenchmark {

    @Param({"1", "16"})
    public int batch;

    private Network zfnet;
    private INDArray input;

    @Setup(Level.Trial)
    public void setUp() {
        var cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        zfnet = new Networks().random(new ZfnetModel().spec(), 1, cpu);
        Nd4j.getRandom().setSeed(2);
        input = Nd4j.randn(DataType.FLOAT, batch, 3, 224, 224);
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (ForwardTrace trace = zfnet.forward(input)) {
            bh.consume(trace.tap("prob"));
        }
    }
}
