package org.zfnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.StandaloneContext;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.ZfnetModel;
import org.zfnet.plugin.deconv.internal.DeconvPlugin;

/**
 * The deconv plugin on ZFNet (224x224, random weights) through its public entry point: one projection from
 * conv5 (a forward pass and the walk back), and the top-9 projections of one conv5 channel over nine images
 * (one mining pass, then nine forward passes and projections).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DeconvBenchmark {

    private AnalysisContext context;
    private InputSet one;
    private InputSet nine;
    private final DeconvPlugin plugin = new DeconvPlugin();

    @Setup(Level.Trial)
    public void setUp() {
        ComputeBackend cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Network zfnet = new Networks().random(new ZfnetModel().spec(), 1, cpu);
        context = StandaloneContext.of(zfnet, null);
        Nd4j.getRandom().setSeed(3);
        INDArray images = Nd4j.randn(DataType.FLOAT, 9, 3, 224, 224);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            names.add("random-" + i);
        }
        nine = InputSet.of(images, names);
        one = InputSet.of(images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup(), names.subList(0, 1));
    }

    private AnalysisResult run(InputSet inputs, Map<String, String> given) {
        AnalysisResult result = PluginRuns.run(plugin, inputs, given, context);
        result.arrays().values().forEach(INDArray::close);
        return result;
    }

    @Benchmark
    public AnalysisResult projectionFromConv5() {
        return run(one, Map.of("layer", "conv5", "channel", "0"));
    }

    @Benchmark
    public AnalysisResult topNineOfOneConv5Channel() {
        return run(nine, Map.of("layer", "conv5", "top", "9", "channels", "0", "batch", "9"));
    }
}
