package org.zfnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.StandaloneContext;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.model.internal.Networks;
import org.zfnet.model.internal.ZfnetModel;
import org.zfnet.plugin.deconv.internal.DeconvPlugin;
import org.zfnet.plugin.occlusion.internal.OcclusionPlugin;

/**
 * zfnet's side of {@code bench/compare.sh}. {@code prepare DIR} writes ZFNet's seeded random weights and 16 random
 * 224x224 inputs; {@code run DIR [startup-ms]} times the same work as {@code zfnet_torch.py} on the CPU backend,
 * checks the outputs against PyTorch's and prints the table: medians, ratio zfnet/PyTorch, target, GFLOP/s.
 */
public final class Compare {

    /** Multiply-adds of one ZFNet forward pass (Fig. 3; {@code zfnet model summary --model zfnet}). */
    static final double FORWARD_MACS = 1_168_032_896d;
    /** Of the convolutional part alone: the forward pass up to conv5, and again on the way back. */
    static final double CONV_MACS = FORWARD_MACS - (9216d * 4096 + 4096d * 4096 + 4096d * 1000);

    private final Path dir;
    private final Network network;
    private final INDArray inputs;
    private final JsonNode torch;
    private final List<String> rows = new ArrayList<>();

    private Compare(Path dir, Network network, INDArray inputs, JsonNode torch) {
        this.dir = dir;
        this.network = network;
        this.inputs = inputs;
        this.torch = torch;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Compare prepare|run DIR [startup-ms]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        ComputeBackend cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Networks networks = new Networks();
        if (args[0].equals("prepare")) {
            Files.createDirectories(dir);
            networks.save(networks.random(new ZfnetModel().spec(), 1, cpu), dir.resolve("weights.safetensors"));
            Nd4j.getRandom().setSeed(7);
            INDArray x = Nd4j.randn(DataType.FLOAT, 16, 3, 224, 224);
            Npy.write(dir.resolve("inputs.npy"), new FloatArray(x.shape(), x.data().asFloat()));
            return;
        }
        Network network = networks.load(new ZfnetModel().spec(), dir.resolve("weights.safetensors"), cpu);
        FloatArray x = Npy.readFloat32(dir.resolve("inputs.npy"));
        JsonNode torch = new ObjectMapper().readTree(dir.resolve("torch.json").toFile());
        Compare compare = new Compare(dir, network, Nd4j.create(x.data(), x.shape(), 'c'), torch);
        compare.runAll(args.length > 2 ? Double.parseDouble(args[2]) : Double.NaN);
    }

    private void runAll(double startupMs) {
        INDArray one = batch(1);
        INDArray sixteen = batch(16);
        INDArray nine = batch(9);
        System.out.printf(Locale.ROOT, "PyTorch %s, %d threads; zfnet on ND4J %s%n%n", torch.get("torch").asText(),
                torch.get("threads").asInt(), network.backend().info().nd4jBackend());
        System.out.println("| work | zfnet (median) | PyTorch (median) | zfnet / PyTorch | target | met | zfnet GFLOP/s "
                + "| outputs: max abs difference |");
        System.out.println("|---|---|---|---|---|---|---|---|");

        double f1 = median(() -> forward(one), 3, 15);
        row("ZFNet forward, batch 1", f1, "forward-1", 1.0, 2 * FORWARD_MACS, "");
        float[] logits = logits(sixteen);
        double f16 = median(() -> forward(sixteen), 2, 7);
        row("ZFNet forward, batch 16", f16, "forward-16", 0.8, 16 * 2 * FORWARD_MACS,
                "fc8 " + diff(logits, "forward-16"));

        DeconvPlugin deconv = new DeconvPlugin();
        float[] p1 = output(deconv, one, Map.of("layer", "conv5"), "projection");
        double d1 = median(() -> run(deconv, one, Map.of("layer", "conv5")), 3, 11);
        row("deconv projection from conv5, one", d1, "deconv-1", Double.NaN, 2 * 2 * CONV_MACS, diff(p1, "deconv-1"));
        float[] p9 = output(deconv, nine, Map.of("layer", "conv5"), "projection");
        double d9 = median(() -> run(deconv, nine, Map.of("layer", "conv5")), 1, 5);
        row("deconv projections from conv5, nine in a row", d9, "deconv-9", 0.8, 9 * 2 * 2 * CONV_MACS,
                diff(p9, "deconv-9"));

        OcclusionPlugin occlusion = new OcclusionPlugin();
        Map<String, String> exact = Map.of("patch", "48", "stride", "8", "mode", "exact");
        AnalysisResult exactResult = result(occlusion, one, exact);
        float[] map = exactResult.arrays().get("class_probability").dup().data().asFloat();
        double macs = ((Number) exactResult.summary().get("macs")).doubleValue();
        double oe = median(() -> run(occlusion, one, exact), 1, 3);
        row("occlusion 48/8 (529 positions), exact", oe, "occlusion", 0.3, 2 * macs, diff(map, "occlusion"));
        Map<String, String> fast = Map.of("patch", "48", "stride", "8", "mode", "fast");
        AnalysisResult fastResult = result(occlusion, one, fast);
        float[] fastMap = fastResult.arrays().get("class_probability").dup().data().asFloat();
        double fastMacs = ((Number) fastResult.summary().get("macs")).doubleValue();
        double of = median(() -> run(occlusion, one, fast), 1, 3);
        row("occlusion 48/8, fast (approximate)", of, "occlusion", 0.1, 2 * fastMacs,
                String.format(Locale.ROOT, "%s (vs exact: %.4f)", diff(fastMap, "occlusion"), maxAbs(fastMap, map)));
        if (!Double.isNaN(startupMs)) {
            System.out.printf(Locale.ROOT, "| container start to first result (warm, bench/startup.sh) | %.2f s | – | – "
                    + "| ≤ 2.5 s | %s | – | – |%n", startupMs / 1000, startupMs <= 2500 ? "yes" : "no");
        }
        int n = 4096;
        INDArray a = Nd4j.randn(DataType.FLOAT, n, n);
        INDArray b = Nd4j.randn(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double gemm = median(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), 1, 5); // the kernel, into one output
        double ours = 2.0 * n * n * n / gemm / 1e9;
        double theirs = torch.get("gemm-gflops").asDouble();
        System.out.printf(Locale.ROOT, "%nSingle-precision GEMM %dx%d, same run: ND4J %.1f GFLOP/s, PyTorch %.1f GFLOP/s; "
                + "peak used below: %.1f GFLOP/s%n", n, n, ours, theirs, Math.max(ours, theirs));
        double peak = Math.max(ours, theirs);
        System.out.printf(Locale.ROOT, "Share of that peak: forward b1 %.0f%%, b16 %.0f%%, deconv nine %.0f%%, occlusion exact %.0f%% "
                + "(of the arithmetic it does)%n", 100 * 2 * FORWARD_MACS / f1 / 1e9 / peak,
                100 * 16 * 2 * FORWARD_MACS / f16 / 1e9 / peak, 100 * 9 * 4 * CONV_MACS / d9 / 1e9 / peak,
                100 * 2 * macs / oe / 1e9 / peak);
        System.out.printf(Locale.ROOT, "PyTorch occlusion: naive, %d positions per forward pass (Captum's method)%n",
                torch.get("occlusion-batch").asInt());
    }

    private void row(String work, double seconds, String key, double target, double flops, String difference) {
        double theirs = torch.get(key).asDouble();
        double ratio = seconds / theirs;
        String targetText = Double.isNaN(target) ? "–" : String.format(Locale.ROOT, "≤ %.1f", target);
        String met = Double.isNaN(target) ? "–" : ratio <= target ? "yes" : "no";
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %.1f | %s |%n", work, time(seconds), time(theirs),
                ratio, targetText, met, flops / seconds / 1e9, difference.isEmpty() ? "–" : difference);
    }

    private static String time(double seconds) {
        return seconds >= 1 ? String.format(Locale.ROOT, "%.2f s", seconds) : String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
    }

    private INDArray batch(int n) {
        return inputs.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
    }

    private Object forward(INDArray x) {
        try (ForwardTrace trace = network.forward(x)) {
            return trace;
        }
    }

    private float[] logits(INDArray x) {
        try (ForwardTrace trace = network.forward(x)) {
            return org.zfnet.api.HostArrays.floats(trace.tap("fc8"));
        }
    }

    private AnalysisResult result(AnalysisPlugin plugin, INDArray x, Map<String, String> given) {
        return PluginRuns.run(plugin, PluginRuns.random(x), given, StandaloneContext.of(network, null));
    }

    private Object run(AnalysisPlugin plugin, INDArray x, Map<String, String> given) {
        AnalysisResult r = result(plugin, x, given);
        r.arrays().values().forEach(INDArray::close);
        return r;
    }

    private float[] output(AnalysisPlugin plugin, INDArray x, Map<String, String> given, String array) {
        return result(plugin, x, given).arrays().get(array).dup().data().asFloat();
    }

    /** Max abs difference to PyTorch's output, and that relative to PyTorch's largest magnitude. */
    private String diff(float[] ours, String key) {
        float[] theirs = Npy.readFloat32(dir.resolve("torch-" + key + ".npy")).data();
        if (theirs.length != ours.length) {
            return "different sizes: " + ours.length + " vs " + theirs.length;
        }
        double scale = 0;
        for (float v : theirs) {
            scale = Math.max(scale, Math.abs(v));
        }
        double d = maxAbs(ours, theirs);
        return String.format(Locale.ROOT, "%.2e (%.1e of max |PyTorch| %.3g)", d, d / scale, scale);
    }

    private static double maxAbs(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double median(Supplier<Object> work, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            work.get();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }
}
