package org.zfnet.plugin.occlusion.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.dto.ObjectAnnotation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * {@code zfnet analyze occlusion}: Zeiler and Fergus's occlusion sensitivity (Sec. 4.2, Fig. 7). A grey square
 * slides over the image; at each position the target class's probability, the total activation of the strongest
 * feature map of a layer and the most probable class are recorded, and a Captum-style attribution is derived.
 * {@code --mode exact} recomputes only what each square can change; {@code --mode naive} runs the whole network per
 * position (the reference); {@code --mode fast} goes coarse to fine and reports its error.
 */
@Component(service = AnalysisPlugin.class)
public class OcclusionPlugin implements AnalysisPlugin {

    /** Figures are drawn for this many inputs at most; the arrays cover all of them. */
    static final int FIGURES_FOR = 8;

    /** Activations of one batch stay under this (the batch shrinks for large inputs). */
    static final long MEMORY_BUDGET = 512L << 20;

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String description() {
        return "Occlusion sensitivity: class probability, strongest feature and top class under a sliding grey square, "
                + "and its attribution (Zeiler and Fergus, Sec. 4.2, Fig. 7).";
    }

    /** The value of options chosen from the input's size. */
    private static final String AUTO = "auto";

    // the options, each name written once: the declarations are read back through these constants
    static final OptionSpec PATCH = OptionSpec.text("patch", AUTO,
            "square side in input pixels; auto = 48/224 of the input (48 for ZFNet)");
    static final OptionSpec STRIDE = OptionSpec.text("stride", AUTO, "step between positions; auto = patch / 6");
    static final OptionSpec FILL = OptionSpec.decimal("fill", 0.0,
            "value of the square in the network's input space (0 = mean grey)");
    static final OptionSpec TARGET_CLASS = OptionSpec.integer("target-class", -1,
            "class whose probability is watched; -1 = the unoccluded top class").atLeast(-1);
    static final OptionSpec LAYER = OptionSpec.text("layer", Taps.AUTO,
            "tap whose strongest feature map is watched; auto = the last convolution (ZFNet: conv5)");
    static final OptionSpec BATCH = OptionSpec.integer("batch", 32, "square positions per batch").atLeast(1);
    static final OptionSpec MODE = OptionSpec.choice("mode", "exact", List.of("exact", "fast", "naive"),
            "exact incremental inference, coarse-to-fine approximation, or the whole network per position");

    @Override
    public List<OptionSpec> options() {
        return List.of(PATCH, STRIDE, FILL, TARGET_CLASS, LAYER, BATCH, MODE);
    }

    @Override
    public List<DemoRun> demo() {
        return List.of(DemoRun.of("Occlusion sensitivity", "One sample image of each class covered by a grey square at "
                + "every position: the probability of its class, the strongest conv5 feature map and the most probable "
                + "class as functions of the square's position, with the projection of that feature (Fig. 7).",
                DemoRun.ONE_PER_CLASS));
    }


    /** A whole-number option that must be at least 1, or {@link #AUTO} for {@code automatic}. */
    private static int positive(AnalysisRequest request, OptionSpec option, int automatic) {
        if (request.option(option).trim().equals(AUTO)) {
            return automatic;
        }
        int value = request.intOption(option);
        if (value < 1) {
            throw new InvalidInputException("--" + option.name() + " must be at least 1, got " + value);
        }
        return value;
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        InputSet inputs = request.requireInputs();
        Network network = context.network();
        int h = network.spec().input().get(1);
        int w = network.spec().input().get(2);
        int patch = positive(request, PATCH, Math.round(Math.min(h, w) * 48f / 224));
        int stride = positive(request, STRIDE, Math.max(1, Math.round(patch / 6f)));
        Grid grid = Grid.of(h, w, patch, stride);
        String tap = request.option(LAYER).equals(Taps.AUTO) ? Taps.lastConvolution(network) : request.option(LAYER);
        int featureLayer = network.tapLayer(tap);
        requireFeatureMaps(network, inputs, tap);
        String mode = request.option(MODE);
        int batch = Math.max(1, request.intOption(BATCH));
        int n = inputs.size();

        AnalysisResult result = new AnalysisResult();
        float[][] probability = new float[n][];
        float[][] logProbability = new float[n][];
        float[][] features = new float[n][];
        int[][] classes = new int[n][];
        float[][] attribution = new float[n][];
        List<Map<String, Object>> rows = new ArrayList<>();
        int hits = 0;
        int annotated = 0;
        long macs = 0;
        long naiveMacs = 0;
        java.util.Set<String> naiveBecause = new java.util.TreeSet<>();
        long start = System.nanoTime();
        Progress progress = context.progress();
        progress.start("occlusion (" + mode + ", " + grid.positions() + " positions per input)", (long) n * grid.positions());
        for (int i = 0; i < n; i++) {
            context.checkCancelled();
            try (INDArray image = inputs.load(i, i + 1); ForwardTrace trace = network.forward(image)) {
                Unoccluded base = unoccluded(network, trace, featureLayer, request.intOption(TARGET_CLASS));
                int budgeted = (int) Math.max(1, Math.min(batch, MEMORY_BUDGET / base.bytesPerSample));
                Setup setup = new Setup(network, image, grid, (float) request.floatOption(FILL), base.target,
                        featureLayer, base.channel, budgeted, context::checkCancelled);
                Maps maps = Maps.of(grid.positions());
                int[] all = java.util.stream.IntStream.range(0, grid.positions()).toArray();
                Runnable step = () -> progress.advance(1);
                FastOcclusion.Estimate estimate = null;
                ExactOcclusion exact = ExactOcclusion.of(setup, trace);
                exact.naiveBecause().ifPresent(why -> naiveBecause.add(why));
                switch (mode) {
                    case "naive" -> NaiveOcclusion.run(setup, all, maps, step);
                    case "fast" -> estimate = FastOcclusion.run(setup, exact, maps, step);
                    default -> exact.run(all, maps, step);
                }
                macs += exact.macs();
                naiveMacs += exact.naiveMacs(grid.positions());
                probability[i] = maps.probability();
                logProbability[i] = toFloat(maps.logProbability());
                features[i] = maps.feature();
                classes[i] = maps.topClass();
                attribution[i] = Attribution.of(grid, base.probability, maps.probability());
                Map<String, Object> row = row(inputs, i, network, base, maps, grid, estimate);
                if (inputs.annotation(i).isPresent()) {
                    annotated++;
                    hits += Boolean.TRUE.equals(row.get("lowest_overlaps_object")) ? 1 : 0;
                }
                rows.add(row);
                if (i < FIGURES_FOR) {
                    figures(result, context, network, image, inputs.name(i), i, n, grid, maps, attribution[i], base, tap);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.array("class_probability", stack(probability, grid.rows(), grid.cols()))
                .array("log_probability", stack(logProbability, grid.rows(), grid.cols()))
                .array("feature_activation", stack(features, grid.rows(), grid.cols()))
                .array("top_class", stackInts(classes, grid.rows(), grid.cols()))
                .array("attribution", stack(attribution, h, w));
        result.summary("patch", patch).summary("stride", stride).summary("fill", request.floatOption(FILL))
                .summary("layer", tap).summary("mode", mode)
                .summary("grid", List.of(grid.rows(), grid.cols())).summary("positions_per_input", grid.positions())
                .summary("seconds", Math.round(seconds * 1000) / 1000.0)
                .summary("naive_macs", naiveMacs);
        if (!naiveBecause.isEmpty()) {
            result.summary("exact_computed_naively_because", String.join("; ", naiveBecause));
        }
        if (!mode.equals("naive")) {
            result.summary("macs", macs).summary("macs_saved_factor", macs == 0 ? 0 : Math.round(100.0 * naiveMacs / macs) / 100.0);
        }
        double fastError = rows.stream().filter(r -> r.containsKey("fast_max_abs_error"))
                .mapToDouble(r -> (Double) r.get("fast_max_abs_error")).max().orElse(-1);
        if (fastError >= 0) {
            result.summary("fast_max_abs_error", fastError);
        }
        if (annotated > 0) {
            result.summary("annotated_inputs", annotated).summary("lowest_overlaps_object", hits)
                    .summary("lowest_overlaps_object_fraction", (double) hits / annotated);
        }
        return result.summary("inputs", rows);
    }

    /**
     * The unoccluded image: its target class and probability, the watched feature map (strongest maximum), and the
     * bytes all its activations take (what one more input costs a batch).
     */
    private record Unoccluded(int target, float probability, int channel, float channelMax, long bytesPerSample) {
    }

    /** Refuses, before any square is placed, a watched tap without feature maps (a fully connected layer's output). */
    private static void requireFeatureMaps(Network network, InputSet inputs, String tap) {
        try (INDArray first = inputs.load(0, 1); ForwardTrace trace = network.forward(first, tap)) {
            long[] shape = trace.tap(tap).shape();
            if (shape.length != 4) {
                throw new InvalidInputException("--layer " + tap + " has no feature maps to watch (its output is "
                        + java.util.Arrays.toString(shape) + "); choose a convolution, pooling or normalisation tap");
            }
        }
    }

    private static Unoccluded unoccluded(Network network, ForwardTrace trace, int featureLayer, int requested) {
        INDArray prob = trace.output(network.spec().layers().size() - 1);
        int classes = (int) prob.size(1);
        int target = requested >= 0 ? requested : prob.argMax(1).getInt(0);
        if (target >= classes) {
            throw new InvalidInputException("class " + target + " does not exist (0 to " + (classes - 1) + ")");
        }
        INDArray act = trace.output(featureLayer);
        INDArray perChannel = act.rank() == 4 ? act.reshape(act.size(1), -1).max(1) : act.reshape(-1);
        int channel = perChannel.argMax().getInt(0);
        long bytes = 0;
        for (int i = 0; i < network.spec().layers().size(); i++) {
            bytes += 4 * trace.output(i).length();
        }
        return new Unoccluded(target, prob.getFloat(0, target), channel, perChannel.getFloat(channel), bytes);
    }

    private static Map<String, Object> row(InputSet inputs, int i, Network network, Unoccluded base, Maps maps, Grid grid,
            FastOcclusion.Estimate estimate) {
        int lowest = 0;
        for (int p = 1; p < grid.positions(); p++) {
            if (maps.logProbability()[p] < maps.logProbability()[lowest]) {
                lowest = p;
            }
        }
        List<Integer> box = List.of(grid.left(lowest), grid.top(lowest), grid.patch(), grid.patch());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("input", inputs.name(i));
        row.put("target_class", base.target);
        row.put("target_label", network.spec().label(base.target));
        row.put("unoccluded_probability", base.probability);
        row.put("feature_channel", base.channel);
        row.put("lowest_probability", maps.probability()[lowest]);
        row.put("lowest_log_probability", maps.logProbability()[lowest]);
        row.put("lowest_square", box);
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int c : maps.topClass()) {
            seen.add(c);
        }
        row.put("top_classes_seen", seen.stream().map(network.spec()::label).toList());
        inputs.annotation(i).ifPresent(a -> {
            row.put("object_class", a.className());
            row.put("lowest_overlaps_object", overlaps(box, a.object()));
            row.put("lowest_covers_part", coveredParts(box, a));
        });
        if (estimate != null) {
            row.put("fast_computed_positions", estimate.computed());
            row.put("fast_interpolated_positions", estimate.interpolated());
            row.put("fast_error_sample", estimate.sampled());
            row.put("fast_max_abs_error", estimate.maxError());
            row.put("fast_mean_abs_error", estimate.meanError());
        }
        return row;
    }

    static boolean overlaps(List<Integer> square, List<Double> box) {
        return square.get(0) < box.get(0) + box.get(2) && box.get(0) < square.get(0) + square.get(2)
                && square.get(1) < box.get(1) + box.get(3) && box.get(1) < square.get(1) + square.get(3);
    }

    private static List<String> coveredParts(List<Integer> square, ObjectAnnotation a) {
        List<String> parts = new ArrayList<>();
        a.parts().forEach((name, box) -> {
            if (overlaps(square, box)) {
                parts.add(name);
            }
        });
        return parts;
    }

    private static void figures(AnalysisResult result, AnalysisContext context, Network network, INDArray image,
            String name, int i, int n, Grid grid, Maps maps, float[] attribution, Unoccluded base, String tap) {
        String suffix = n == 1 ? "" : "-" + i;
        INDArray display = Figures.toDisplay(image, network.spec());
        String label = network.spec().label(base.target);
        result.figure("input" + suffix, new Figure(Figure.Kind.RGB, display, "Input " + name + ": " + label + " with p = "
                + String.format(Locale.ROOT, "%.3f", base.probability) + " unoccluded."));
        result.figure("class-probability" + suffix, new Figure(Figure.Kind.RGB, Pictures.over(display,
                toFloat(maps.logProbability()), grid), "Probability of '" + label + "' with a " + grid.patch()
                + "-pixel grey square centred at each point, on a log scale (yellow high, dark blue low): the dark "
                + "region is what the network relies on (Fig. 7 (d))."));
        result.figure("feature-activation" + suffix, new Figure(Figure.Kind.RGB, Pictures.over(display, maps.feature(), grid),
                "Total activation of " + tap + " channel " + base.channel + " (the strongest on the unoccluded image) "
                        + "with the square at each point (Fig. 7 (b))."));
        result.figure("top-class" + suffix, new Figure(Figure.Kind.RGB, Pictures.classMap(display, maps.topClass(), grid,
                network.spec().labels().isEmpty() ? labels(network, maps) : network.spec().labels()),
                "Most probable class with the square at each point (Fig. 7 (e))."));
        result.figure("attribution" + suffix, new Figure(Figure.Kind.RGB, Figures.heatmapOver(display,
                HostArrays.floats(attribution, grid.height(), grid.width()), 0.6),
                "Attribution: per pixel, the mean drop in probability over the squares covering it (Captum's Occlusion)."));
        context.run("deconv", InputSet.of(image, List.of(name)), Map.of("layer", tap, "channel",
                Integer.toString(base.channel), "mode", "max")).ifPresent(projection -> {
            INDArray pixels = projection.arrays().get("projection");
            if (pixels != null) {
                result.figure("projection" + suffix, new Figure(Figure.Kind.SIGNED, pixels.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup(), "Deconv projection of " + tap + " channel "
                        + base.channel + "'s strongest activation (Fig. 7 (c))."));
            }
        });
    }

    /** The default labels of the classes up to the highest that the map shows. */
    private static List<String> labels(Network network, Maps maps) {
        int classes = java.util.Arrays.stream(maps.topClass()).max().orElse(0) + 1;
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add(network.spec().label(c));
        }
        return labels;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static INDArray stack(float[][] maps, int rows, int cols) {
        float[] all = new float[maps.length * rows * cols];
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, all, i * rows * cols, rows * cols);
        }
        return maps.length == 1 ? HostArrays.floats(all, rows, cols)
                : HostArrays.floats(all, maps.length, rows, cols);
    }

    private static INDArray stackInts(int[][] maps, int rows, int cols) {
        int[] all = new int[maps.length * rows * cols];
        for (int i = 0; i < maps.length; i++) {
            System.arraycopy(maps[i], 0, all, i * rows * cols, rows * cols);
        }
        INDArray flat = Nd4j.createFromArray(all);
        return maps.length == 1 ? flat.reshape('c', rows, cols) : flat.reshape('c', maps.length, rows, cols);
    }
}
