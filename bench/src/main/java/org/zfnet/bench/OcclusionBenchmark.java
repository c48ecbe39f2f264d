package org.zfnet.bench;

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
import org.openjdk.jmh.annotations.Param;
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
import org.zfnet.plugin.occlusion.internal.OcclusionPlugin;

/**
 * Occlusion of one 224x224 image on ZFNet (random weights), patch 48, stride 8 (529 positions), through the plugin:
 * the naive method (the whole network per position, batched), exact incremental inference, and the fast mode.
 * One run per measurement; the median of three.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class OcclusionBenchmark {

    @Param({"naive", "exact", "fast"})
    public String mode;

    private AnalysisContext context;
    private InputSet image;
    private final OcclusionPlugin plugin = new OcclusionPlugin();

    @Setup(Level.Trial)
    public void setUp() {
        ComputeBackend cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Network zfnet = new Networks().random(new ZfnetModel().spec(), 1, cpu);
        context = StandaloneContext.of(zfnet, null);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, 3, 224, 224);
        image = InputSet.of(x, List.of("random"));
    }

    @Benchmark
    public AnalysisResult occlusion() {
        AnalysisResult result = PluginRuns.run(plugin, image, Map.of("patch", "48", "stride", "8", "mode", mode,
                "batch", mode.equals("naive") ? "16" : "32"), context);
        result.arrays().values().forEach(INDArray::close);
        return result;
    }
}
