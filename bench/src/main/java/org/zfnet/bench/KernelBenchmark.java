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
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

/**
 * Every kernel at ZFNet's layer shapes (paper Fig. 3, 3x224x224 input), batch 1 and 16, on the CPU
 * backend. Sample-time mode: JMH reports the median (p0.50) per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class KernelBenchmark {

    private static final PoolGeometry POOL = new PoolGeometry(3, 2, true);

    @Param({"1", "16"})
    public int batch;

    private ComputeBackend cpu;
    private INDArray image;
    private INDArray w1;
    private INDArray b1;
    private INDArray conv1;
    private INDArray x2;
    private INDArray w2;
    private INDArray conv2Out;
    private INDArray x3;
    private INDArray w3;
    private INDArray w4;
    private INDArray w5;
    private INDArray x4;
    private INDArray pool5In;
    private Pooled pooled1;
    private INDArray fc6In;
    private INDArray w6;
    private INDArray fc7In;
    private INDArray w7;
    private INDArray w8;

    @Setup(Level.Trial)
    public void setUp() {
        cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Nd4j.getRandom().setSeed(1);
        image = random(batch, 3, 224, 224);
        w1 = random(96, 3, 7, 7);
        b1 = random(96);
        conv1 = random(batch, 96, 110, 110);
        x2 = random(batch, 96, 55, 55);
        w2 = random(256, 96, 5, 5);
        conv2Out = random(batch, 256, 26, 26);
        x3 = random(batch, 256, 13, 13);
        w3 = random(384, 256, 3, 3);
        x4 = random(batch, 384, 13, 13);
        w4 = random(384, 384, 3, 3);
        w5 = random(256, 384, 3, 3);
        pool5In = random(batch, 256, 13, 13);
        pooled1 = cpu.maxPool(conv1, POOL);
        fc6In = random(batch, 9216);
        w6 = random(4096, 9216);
        fc7In = random(batch, 4096);
        w7 = random(4096, 4096);
        w8 = random(1000, 4096);
    }

    /**
     * Results hold native memory: closing them at once keeps ND4J from piling up allocations that only
     * the garbage collector would free (that pile-up alone made conv1 five times slower here).
     */
    private static void close(Blackhole bh, INDArray result) {
        bh.consume(result);
        result.close();
    }

    private static INDArray random(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    @Benchmark
    public void conv1(Blackhole bh) {
        close(bh, cpu.conv2d(image, w1, b1, ConvGeometry.of(2, 1)));
    }

    @Benchmark
    public void conv2(Blackhole bh) {
        close(bh, cpu.conv2d(x2, w2, null, ConvGeometry.of(2, 0)));
    }

    @Benchmark
    public void conv3(Blackhole bh) {
        close(bh, cpu.conv2d(x3, w3, null, ConvGeometry.of(1, 1)));
    }

    @Benchmark
    public void conv4(Blackhole bh) {
        close(bh, cpu.conv2d(x4, w4, null, ConvGeometry.of(1, 1)));
    }

    @Benchmark
    public void conv5(Blackhole bh) {
        close(bh, cpu.conv2d(x4, w5, null, ConvGeometry.of(1, 1)));
    }

    @Benchmark
    public void pool1(Blackhole bh) {
        Pooled p = cpu.maxPool(conv1, POOL);
        close(bh, p.output());
        close(bh, p.switches());
    }

    @Benchmark
    public void pool2(Blackhole bh) {
        Pooled p = cpu.maxPool(conv2Out, POOL);
        close(bh, p.output());
        close(bh, p.switches());
    }

    @Benchmark
    public void pool5(Blackhole bh) {
        Pooled p = cpu.maxPool(pool5In, POOL);
        close(bh, p.output());
        close(bh, p.switches());
    }

    @Benchmark
    public void norm1(Blackhole bh) {
        close(bh, cpu.lrn(x2, LrnSpec.zfnet()));
    }

    @Benchmark
    public void norm2(Blackhole bh) {
        close(bh, cpu.lrn(x3, LrnSpec.zfnet()));
    }

    @Benchmark
    public void fc6(Blackhole bh) {
        close(bh, cpu.linear(fc6In, w6, null));
    }

    @Benchmark
    public void fc7(Blackhole bh) {
        close(bh, cpu.linear(fc7In, w7, null));
    }

    @Benchmark
    public void fc8(Blackhole bh) {
        close(bh, cpu.linear(fc7In, w8, null));
    }

    @Benchmark
    public void conv1Transpose(Blackhole bh) {
        close(bh, cpu.conv2dTranspose(conv1, w1, ConvGeometry.of(2, 1), 224, 224));
    }

    @Benchmark
    public void conv2Transpose(Blackhole bh) {
        close(bh, cpu.conv2dTranspose(conv2Out, w2, ConvGeometry.of(2, 0), 55, 55));
    }

    @Benchmark
    public void unpool1(Blackhole bh) {
        close(bh, cpu.unpool(pooled1.output(), pooled1.switches(), 110, 110));
    }

    @Benchmark
    public void relu1(Blackhole bh) {
        close(bh, cpu.relu(conv1));
    }
}
