package org.zfnet.plugin.deconv.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;
import org.zfnet.api.model.ProjectionRule;

/**
 * {@code zfnet analyze deconv}: Zeiler and Fergus's deconvnet (Sec. 2.1) and what the paper shows with it:
 * projections of a feature to pixel space, the top-k activations of each channel over a dataset (Fig. 2),
 * the layer-1 filters, and the evolution of features over training (Fig. 4). Guided backpropagation and the
 * plain gradient share the machinery ({@code --rule}).
 */
@Component(service = AnalysisPlugin.class)
public class DeconvPlugin implements AnalysisPlugin {

    @Override
    public String id() {
        return "deconv";
    }

    @Override
    public String description() {
        return "Deconvnet projections of feature maps to pixel space, top-k mining, layer-1 filters, feature evolution "
                + "(Zeiler and Fergus, Sec. 2.1, Figs. 2 and 4).";
    }

    // the options, each name written once: the declarations are read back through these constants
    static final OptionSpec LAYER = OptionSpec.text("layer", Taps.AUTO,
            "tap to project from, a feature map; auto = the last convolution (ZFNet: conv5)");
    static final OptionSpec CHANNEL = OptionSpec.integer("channel", -1,
            "channel to project; -1 takes each input's most active channel").atLeast(-1);
    static final OptionSpec MODE = OptionSpec.choice("mode", "max", List.of("max", "map"),
            "keep the single largest activation or the whole map");
    static final OptionSpec RULE = OptionSpec.choice("rule", "deconvnet", List.of("deconvnet", "guided", "gradient"),
            "what the backward pass does at a ReLU");
    static final OptionSpec LRN = OptionSpec.choice("lrn", "auto", List.of("auto", "identity", "gradient"),
            "LRN on the way back: unchanged, or its true gradient; auto = gradient for --rule gradient only");
    static final OptionSpec TOP = OptionSpec.integer("top", 0,
            "mine the inputs for each channel's k strongest activations (paper: 9)").atLeast(0);
    static final OptionSpec CHANNELS = OptionSpec.text("channels", "0-15", "channels to mine or follow: all, 0-15, or 3,5,7");
    static final OptionSpec BATCH_SIZE = OptionSpec.integer("batch", 16, "inputs per forward pass while mining").atLeast(1);
    static final OptionSpec FILTERS = OptionSpec.flag("filters", "show the first layer's filters as an image grid");
    static final OptionSpec CHECKPOINTS = OptionSpec.text("checkpoints", "",
            "weights files, comma-separated: the evolution of features over training");

    @Override
    public List<OptionSpec> options() {
        return List.of(LAYER, CHANNEL, MODE, RULE, LRN, TOP, CHANNELS, BATCH_SIZE, FILTERS, CHECKPOINTS);
    }

    @Override
    public List<DemoRun> demo(Network network) {
        List<DemoRun> runs = new ArrayList<>();
        runs.add(DemoRun.of("Layer-1 filters", "The first convolutional layer's filters, each shown as a colour patch "
                + "scaled to the full grey range (Fig. 2, layer 1).", DemoRun.NONE, FILTERS.name(), "true"));
        for (String layer : Taps.spread(Taps.convolutions(network), 5)) {
            runs.add(DemoRun.of("Top-9 activations of " + layer, "For nine " + layer + " channels, the nine strongest "
                    + "activations over all sample images projected to pixels by the deconvnet (left, grey = 0) beside "
                    + "the image patches that caused them (right) (Fig. 2)."
                    + (layer.equals(Taps.firstConvolution(network)) ? " " + TopResult.FIRST_LAYER : ""), DemoRun.ALL,
                    LAYER.name(), layer, TOP.name(), "9", CHANNELS.name(), "0-" + (Math.min(9, channels(network, layer))
                    - 1), BATCH_SIZE.name(), "32").showing(layer + "-top9"));
        }
        return runs;
    }

    /** The channels of a convolution's tap: its filters. */
    private static int channels(Network network, String tap) {
        return (int) network.parameters().get(tap + ".weight").size(0);
    }

    /** Top-k mining (paper Fig. 2) streams over the dataset: with {@code --top} (and neither --filters nor --checkpoints). */
    @Override
    public Optional<DatasetWork<?>> datasetWork(AnalysisRequest request) {
        return topMining(request, request.option(LAYER)).map(work -> work);
    }

    private static Optional<TopMining> topMining(AnalysisRequest request, String layer) {
        int top = request.intOption(TOP);
        if (top < 1 || request.flag(FILTERS) || !request.listOption(CHECKPOINTS).isEmpty()) {
            return Optional.empty();
        }
        ProjectionRule rule = rule(request);
        return Optional.of(new TopMining(layer, request.option(CHANNELS), top, request.intOption(BATCH_SIZE), rule,
                lrnGradient(request, rule)));
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        ProjectionRule rule = rule(request);
        boolean lrnGradient = lrnGradient(request, rule);
        String given = request.option(LAYER);
        if (request.flag(FILTERS)) {
            return Filters.of(context.network(), given.equals(Taps.AUTO) ? Taps.firstConvolution(context.network())
                    : given);
        }
        InputSet inputs = request.requireInputs();
        String tap = tap(given, context.network());
        List<String> checkpoints = request.listOption(CHECKPOINTS);
        if (!checkpoints.isEmpty()) {
            return Evolution.run(context, inputs, checkpoints.stream().map(Path::of).toList(), tap,
                    request.option(CHANNELS), rule, lrnGradient);
        }
        Optional<TopMining> mining = topMining(request, tap);
        if (mining.isPresent()) {
            return DatasetRun.local(mining.get(), inputs, request.intOption(BATCH_SIZE), context);
        }
        return project(context, inputs, tap, request.intOption(CHANNEL),
                Deconvnet.Mode.valueOf(request.option(MODE).toUpperCase(java.util.Locale.ROOT)), rule, lrnGradient);
    }

    /** The tap to project from: {@code auto} is the last convolution; it must be a feature map the deconvnet walks. */
    static String tap(String given, Network network) {
        String tap = given.equals(Taps.AUTO) ? Taps.lastConvolution(network) : given;
        network.tapLayer(tap);
        Deconvnet.checkSpatial(network, tap);
        return tap;
    }

    private static ProjectionRule rule(AnalysisRequest request) {
        return ProjectionRule.valueOf(request.option(RULE).toUpperCase(java.util.Locale.ROOT));
    }

    private static boolean lrnGradient(AnalysisRequest request, ProjectionRule rule) {
        String lrn = request.option(LRN);
        return lrn.equals("gradient") || (lrn.equals("auto") && rule == ProjectionRule.GRADIENT);
    }

    /**
     * Inputs projected together: one forward pass and one walk back for this many. Few, so that a cancelled run stops
     * within a second: 16 ZFNet inputs took longer than that on a busy 2-core CPU (CancellationIT).
     */
    static final int BATCH = 4;

    /** One projection per input: {@code projection.npy} {@code [N, 3, H, W]}, figures and the report. */
    static AnalysisResult project(AnalysisContext context, InputSet inputs, String tap, int channel, Deconvnet.Mode mode,
            ProjectionRule rule, boolean lrnGradient) {
        Network network = context.network();
        AnalysisResult result = new AnalysisResult();
        List<INDArray> projections = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int from = 0; from < inputs.size(); from += BATCH) {
            context.checkCancelled();
            int to = Math.min(inputs.size(), from + BATCH);
            try (INDArray x = inputs.load(from, to); ForwardTrace trace = network.forward(x, tap, true)) {
                context.checkCancelled();
                int[] channels = new int[to - from];
                for (int j = 0; j < channels.length; j++) {
                    channels[j] = channel >= 0 ? channel : strongestChannel(trace.tap(tap), j);
                }
                List<Deconvnet.Projection> batch = Deconvnet.projectAll(trace, tap, channels, mode, rule, lrnGradient);
                for (int j = 0; j < channels.length; j++) {
                    int i = from + j;
                    Deconvnet.Projection p = batch.get(j);
                    projections.add(p.pixels());
                    String name = inputs.size() == 1 ? "projection" : "projection-" + i;
                    result.figure(name, new Figure(Figure.Kind.SIGNED, p.pixels().get(point(0)).dup(),
                            "Projection of " + tap + " channel " + channels[j] + " (" + mode.name().toLowerCase()
                                    + " mode, " + rule.name().toLowerCase() + " rule) for " + inputs.name(i)
                                    + ", signed: grey is zero."));
                    result.figure("input-" + i, new Figure(Figure.Kind.RGB, Figures.toDisplay(x.get(point(j)),
                            network.spec()), "Input "
                            + inputs.name(i) + " as the network saw it; the projection's receptive field is "
                            + p.field().asList() + "."));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("input", inputs.name(i));
                    row.put("layer", tap);
                    row.put("channel", channels[j]);
                    row.put("activation", p.value());
                    row.put("position", List.of(p.y(), p.x()));
                    row.put("field", p.field().asList());
                    rows.add(row);
                }
            }
        }
        INDArray all = projections.size() == 1 ? projections.get(0) : Nd4j.concat(0, projections.toArray(INDArray[]::new));
        if (projections.size() > 1) {
            projections.forEach(INDArray::close);
        }
        return result.array("projection", all).summary("mode", mode.name().toLowerCase())
                .summary("rule", rule.name().toLowerCase()).summary("lrn", lrnGradient ? "gradient" : "identity")
                .summary("projections", rows);
    }

    /** The channel of input {@code sample} with the largest activation anywhere in its map. */
    static int strongestChannel(INDArray activity, int sample) {
        try (INDArray perChannel = activity.get(point(sample)).reshape(activity.size(1), -1).max(1)) {
            return perChannel.argMax().getInt(0);
        }
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}
