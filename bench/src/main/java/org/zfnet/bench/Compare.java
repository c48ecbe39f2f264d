package org.zfnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * 224x224 inputs; {@code run DIR ROUNDS PYTHON SCRIPT} starts PyTorch's side ({@code zfnet_torch.py}, which writes its
 * outputs, then times workloads on request), checks zfnet's outputs against PyTorch's, and times each workload in
 * PyTorch and then here, one workload after the other, for every round: each round's medians go to
 * {@code torch-ROUND.json} and {@code zfnet-ROUND.json}. {@code table DIR [startup-ms]} prints the table: medians over
 * the rounds, the median of the rounds' ratios zfnet/PyTorch, target, GFLOP/s. The two sides of a ratio are measured
 * seconds apart (a minute for occlusion), so the shared machine's slow and fast spells of minutes hit both alike.
 */
public final class Compare {

    /** Multiply-adds of one ZFNet forward pass (Fig. 3; {@code zfnet model summary --model zfnet}). */
    static final double FORWARD_MACS = 1_168_032_896d;
    /** Of the convolutional part alone: the forward pass up to conv5, and again on the way back. */
    static final double CONV_MACS = FORWARD_MACS - (9216d * 4096 + 4096d * 4096 + 4096d * 1000);

    /** One line of the table: zfnet's key, PyTorch's key, the target ratio (NaN: none). */
    record Work(String title, String key, String torchKey, double target) {
    }

    private static final List<Work> WORK = java.util.stream.Stream.concat(java.util.stream.Stream.of(
            new Work("ZFNet forward, batch 1", "forward-1", "forward-1", 1.0),
            new Work("ZFNet forward, batch 16", "forward-16", "forward-16", 0.8),
            new Work("deconv projection from conv5, one", "deconv-1", "deconv-1", Double.NaN),
            new Work("deconv projections from conv5, nine in a row", "deconv-9", "deconv-9", 0.8),
            new Work("occlusion 48/8 (529 positions), exact", "occlusion", "occlusion", 0.3),
            new Work("occlusion 48/8, fast (approximate)", "occlusion-fast", "occlusion", 0.1)),
            TorchvisionWork.rows().stream()).toList();

    private final Path dir;
    private final Network network;
    private final INDArray inputs;

    private Compare(Path dir, Network network, INDArray inputs) {
        this.dir = dir;
        this.network = network;
        this.inputs = inputs;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args[0].equals("run") && args.length < 5) {
            System.err.println("usage: Compare prepare DIR | run DIR ROUNDS PYTHON SCRIPT | table DIR [startup-ms]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("table")) {
            table(dir, args.length > 2 ? Double.parseDouble(args[2]) : Double.NaN);
            return;
        }
        ComputeBackend cpu = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
        Networks networks = new Networks();
        if (args[0].equals("prepare")) {
            Files.createDirectories(dir);
            networks.save(networks.random(new ZfnetModel().spec(), 1, cpu), dir.resolve("weights.safetensors"));
            Nd4j.getRandom().setSeed(7);
            INDArray x = Nd4j.randn(DataType.FLOAT, 16, 3, 224, 224);
            Npy.write(dir.resolve("inputs.npy"), new FloatArray(x.shape(), x.data().asFloat()));
            TorchvisionWork.prepare(dir, cpu);
            return;
        }
        Network network = networks.load(new ZfnetModel().spec(), dir.resolve("weights.safetensors"), cpu);
        FloatArray x = Npy.readFloat32(dir.resolve("inputs.npy"));
        try (TorchSide torch = new TorchSide(args[3], args[4], dir)) {
            new Compare(dir, network, Nd4j.create(x.data(), x.shape(), 'c'))
                    .rounds(Integer.parseInt(args[2]), torch, new TorchvisionWork(dir, cpu));
        }
    }

    /** One workload: its key, whether PyTorch times it too (else it is compared with another's), zfnet's timing. */
    record Timed(String key, boolean byTorch, Supplier<Double> zfnet) {
    }

    /** Every round: each workload timed by PyTorch, then here; the checks of the outputs go with every round. */
    private void rounds(int rounds, TorchSide torch, TorchvisionWork torchvision) throws IOException {
        INDArray one = batch(1);
        INDArray sixteen = batch(16);
        INDArray nine = batch(9);
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("nd4j", network.backend().info().nd4jBackend());
        checks.put("diff-forward-16", "fc8 " + diff(logits(sixteen), "forward-16"));
        DeconvPlugin deconv = new DeconvPlugin();
        Map<String, String> conv5 = Map.of("layer", "conv5");
        checks.put("diff-deconv-1", diff(output(deconv, one, conv5, "projection"), "deconv-1"));
        checks.put("diff-deconv-9", diff(output(deconv, nine, conv5, "projection"), "deconv-9"));
        OcclusionPlugin occlusion = new OcclusionPlugin();
        Map<String, String> exact = Map.of("patch", "48", "stride", "8", "mode", "exact");
        AnalysisResult exactResult = result(occlusion, one, exact);
        float[] map = exactResult.arrays().get("class_probability").dup().data().asFloat();
        checks.put("macs-occlusion", ((Number) exactResult.summary().get("macs")).doubleValue());
        checks.put("diff-occlusion", diff(map, "occlusion"));
        Map<String, String> fast = Map.of("patch", "48", "stride", "8", "mode", "fast");
        AnalysisResult fastResult = result(occlusion, one, fast);
        float[] fastMap = fastResult.arrays().get("class_probability").dup().data().asFloat();
        checks.put("macs-occlusion-fast", ((Number) fastResult.summary().get("macs")).doubleValue());
        checks.put("diff-occlusion-fast", String.format(Locale.ROOT, "%s (vs exact: %.4f)", diff(fastMap, "occlusion"),
                maxAbs(fastMap, map)));

        torchvision.checks(this, checks, one, sixteen);

        int n = 4096;
        INDArray a = Nd4j.randn(DataType.FLOAT, n, n);
        INDArray b = Nd4j.randn(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        List<Timed> work = new ArrayList<>(List.of(
                new Timed("forward-1", true, () -> median(() -> forward(network, one), 3, 15)),
                new Timed("forward-16", true, () -> median(() -> forward(network, sixteen), 2, 7)),
                new Timed("deconv-1", true, () -> median(() -> run(deconv, one, conv5), 3, 11)),
                new Timed("deconv-9", true, () -> median(() -> run(deconv, nine, conv5), 1, 5)),
                new Timed("occlusion", true, () -> median(() -> run(occlusion, one, exact), 1, 3)),
                new Timed("occlusion-fast", false, () -> median(() -> run(occlusion, one, fast), 1, 3)),
                // the kernel, into one output
                new Timed("gemm-gflops", true,
                        () -> 2.0 * n * n * n / median(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), 1, 5) / 1e9)));
        work.addAll(work.size() - 1, torchvision.work(one, sixteen));
        ObjectMapper json = new ObjectMapper();
        JsonNode meta = torch.ask("meta");
        for (int r = 1; r <= rounds; r++) {
            System.err.printf(Locale.ROOT, "compare: round %d of %d%n", r, rounds);
            Map<String, Object> ours = new LinkedHashMap<>(checks);
            Map<String, Object> theirs = new LinkedHashMap<>(json.convertValue(meta, Map.class));
            for (Timed t : work) {
                if (t.byTorch()) {
                    theirs.put(t.key(), torch.ask(t.key()).asDouble());
                }
                ours.put(t.key(), t.zfnet().get());
            }
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("torch-" + r + ".json").toFile(), theirs);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("zfnet-" + r + ".json").toFile(), ours);
        }
    }

    /** The table from every round's files. */
    private static void table(Path dir, double startupMs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> ours = new ArrayList<>();
        List<JsonNode> theirs = new ArrayList<>();
        for (int r = 1; Files.exists(dir.resolve("zfnet-" + r + ".json")); r++) {
            ours.add(json.readTree(dir.resolve("zfnet-" + r + ".json").toFile()));
            theirs.add(json.readTree(dir.resolve("torch-" + r + ".json").toFile()));
        }
        if (ours.isEmpty()) {
            throw new IllegalStateException("no rounds in " + dir + " (zfnet-1.json, torch-1.json)");
        }
        JsonNode first = ours.get(0);
        System.out.printf(Locale.ROOT, "PyTorch %s, %d threads; zfnet on ND4J %s; %d rounds, each workload PyTorch then "
                + "zfnet%n%n",
                theirs.get(0).get("torch").asText(), theirs.get(0).get("threads").asInt(), first.get("nd4j").asText(),
                ours.size());
        System.out.println("| work | zfnet (median) | PyTorch (median) | zfnet / PyTorch | target | met | rounds' ratios "
                + "| zfnet GFLOP/s | outputs: max abs difference |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Work w : WORK) {
            double[] z = values(ours, w.key);
            double[] t = values(theirs, w.torchKey);
            double[] ratios = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                ratios[i] = z[i] / t[i];
            }
            double ratio = median(ratios);
            seconds.put(w.key, median(z));
            String target = Double.isNaN(w.target) ? "–" : String.format(Locale.ROOT, "≤ %.1f", w.target);
            String met = Double.isNaN(w.target) ? "–" : ratio <= w.target ? "yes" : "no";
            String each = Arrays.stream(ratios).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                    .collect(java.util.stream.Collectors.joining(", "));
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %s | %.1f | %s |%n", w.title,
                    time(median(z)), time(median(t)), ratio, target, met, each, flops(w.key, first) / median(z) / 1e9,
                    first.has("diff-" + w.key) ? first.get("diff-" + w.key).asText() : "–");
        }
        if (!Double.isNaN(startupMs)) {
            System.out.printf(Locale.ROOT, "| container start to first result (warm, bench/startup.sh) | %.2f s | – | – "
                    + "| ≤ 2.5 s | %s | – | – | – |%n", startupMs / 1000, startupMs <= 2500 ? "yes" : "no");
        }
        double mine = median(values(ours, "gemm-gflops"));
        double torch = median(values(theirs, "gemm-gflops"));
        double peak = Math.max(mine, torch);
        System.out.printf(Locale.ROOT, "%nSingle-precision GEMM 4096x4096, medians of the rounds: ND4J %.1f GFLOP/s, "
                + "PyTorch %.1f GFLOP/s; peak used below: %.1f GFLOP/s%n", mine, torch, peak);
        System.out.printf(Locale.ROOT, "Share of that peak: forward b1 %.0f%%, b16 %.0f%%, deconv nine %.0f%%, occlusion exact "
                + "%.0f%% (of the arithmetic it does)%n", 100 * flops("forward-1", first) / seconds.get("forward-1") / 1e9 / peak,
                100 * flops("forward-16", first) / seconds.get("forward-16") / 1e9 / peak,
                100 * flops("deconv-9", first) / seconds.get("deconv-9") / 1e9 / peak,
                100 * flops("occlusion", first) / seconds.get("occlusion") / 1e9 / peak);
        System.out.printf(Locale.ROOT, "PyTorch occlusion: naive, %d positions per forward pass (Captum's method)%n",
                theirs.get(0).get("occlusion-batch").asInt());
    }

    /** Floating-point operations of a workload (multiply-adds counted twice). */
    private static double flops(String key, JsonNode zfnet) {
        return switch (key) {
            case "forward-1" -> 2 * FORWARD_MACS;
            case "forward-16" -> 16 * 2 * FORWARD_MACS;
            case "deconv-1" -> 2 * 2 * CONV_MACS;
            case "deconv-9" -> 9 * 2 * 2 * CONV_MACS;
            default -> 2 * zfnet.get("macs-" + key).asDouble();
        };
    }

    private static double[] values(List<JsonNode> rounds, String key) {
        return rounds.stream().mapToDouble(r -> r.get(key).asDouble()).toArray();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String time(double seconds) {
        return seconds >= 1 ? String.format(Locale.ROOT, "%.2f s", seconds) : String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
    }

    private INDArray batch(int n) {
        return inputs.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
    }

    /** One forward pass of {@code network}, its trace closed: a pass timed for its work alone. */
    static Object forward(Network network, INDArray x) {
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
        return PluginRuns.run(plugin, network, x, given);
    }

    private Object run(AnalysisPlugin plugin, INDArray x, Map<String, String> given) {
        return PluginRuns.runAndClose(plugin, network, x, given);
    }

    private float[] output(AnalysisPlugin plugin, INDArray x, Map<String, String> given, String array) {
        return result(plugin, x, given).arrays().get(array).dup().data().asFloat();
    }

    /** Max abs difference to PyTorch's output, and that relative to PyTorch's largest magnitude. */
    String diff(float[] ours, String key) {
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

    static double median(Supplier<Object> work, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            work.get();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        return median(times);
    }
}
