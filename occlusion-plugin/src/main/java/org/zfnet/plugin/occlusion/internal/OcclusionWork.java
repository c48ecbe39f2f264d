package org.zfnet.plugin.occlusion.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;

/**
 * Occlusion over many inputs as shard &rarr; state &rarr; merge &rarr; finish, on one machine ({@link
 * org.zfnet.api.analysis.DatasetRun#local}) as on a cluster: a shard occludes each of its inputs ({@link
 * ImageOcclusion}) and keeps its numbers by name; states merge as the union of their inputs; the first {@link
 * #FIGURES_FOR} inputs in {@link NameOrder} are revisited for their figures (the input as displayed and the deconv
 * projection of the watched feature, where the deconv plugin is installed); finish stacks the maps in name order
 * ({@link OcclusionReport}). Each input's numbers are computed by one shard alone, so any cut into shards gives the
 * same state bit for bit, but for the seconds each input took (summed in name order into the summary's {@code
 * seconds}).
 *
 * <p>A state holds about 20 bytes per grid position and input (ZFNet 48/8, 529 positions: 11 KB an input, 11 MB for
 * a thousand) and 1.2 MB per revisited 224 x 224 input.
 */
final class OcclusionWork implements DatasetWork<OcclusionState> {

    /** Figures are drawn for this many inputs at most; the arrays cover all of them. */
    static final int FIGURES_FOR = 8;

    private final AnalysisRequest request;

    /** {@code request}: checked, as a plugin's {@code run} gets it. */
    OcclusionWork(AnalysisRequest request) {
        this.request = request;
    }

    @Override
    public String task() {
        return "occlusion (" + request.option(OcclusionPlugin.MODE) + ")";
    }

    /** Every option, the batch of positions included: a batch's size may change the last bits of its sums. */
    @Override
    public String key() {
        StringBuilder key = new StringBuilder("occlusion");
        for (OptionSpec option : new OcclusionPlugin().options()) {
            key.append(' ').append(option.name()).append('=').append(request.option(option));
        }
        return key.toString();
    }

    /** One unit per square position: an input of ZFNet takes seconds. */
    @Override
    public long progressPerInput(AnalysisContext context) {
        return Settings.of(request, context.network()).grid().positions();
    }

    @Override
    public OcclusionState shard(InputSet shard, AnalysisContext context) {
        Settings settings = Settings.of(request, context.network());
        SortedMap<String, Occluded> inputs = new TreeMap<>(NameOrder.INSTANCE);
        for (int i = 0; i < shard.size(); i++) {
            context.checkCancelled();
            Occluded occluded = ImageOcclusion.run(settings, shard, i, context);
            if (inputs.put(shard.name(i), occluded) != null) {
                throw new IllegalStateException("two inputs of a shard are named " + shard.name(i));
            }
        }
        return new OcclusionState(inputs, new TreeMap<>(NameOrder.INSTANCE));
    }

    @Override
    public OcclusionState merge(OcclusionState a, OcclusionState b) {
        return OcclusionState.merge(a, b);
    }

    /** The first {@link #FIGURES_FOR} inputs in name order, those not pictured yet. */
    @Override
    public Set<String> revisit(OcclusionState merged) {
        return merged.inputs().keySet().stream().limit(FIGURES_FOR).filter(n -> !merged.pictures().containsKey(n))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public OcclusionState details(OcclusionState merged, InputSet revisited, AnalysisContext context) {
        Settings settings = Settings.of(request, context.network());
        SortedMap<String, Picture> pictures = new TreeMap<>(NameOrder.INSTANCE);
        for (int i = 0; i < revisited.size(); i++) {
            context.checkCancelled();
            String name = revisited.name(i);
            Occluded occluded = merged.inputs().get(name);
            if (occluded == null) {
                throw new IllegalStateException("input " + name + " is revisited but was never occluded");
            }
            try (INDArray image = revisited.load(i, i + 1);
                    INDArray shown = Figures.toDisplay(image, context.network().spec())) {
                Picture.Floats display = Picture.Floats.of(shown);
                pictures.put(name, new Picture(display, projection(image, name, settings.tap(), occluded.channel(),
                        context)));
            }
        }
        return new OcclusionState(new TreeMap<>(NameOrder.INSTANCE), pictures);
    }

    /** The deconv plugin's projection of {@code channel}'s strongest activation, when the plugin is installed. */
    private static Optional<Picture.Floats> projection(INDArray image, String name, String tap, int channel,
            AnalysisContext context) {
        Optional<AnalysisResult> run = context.run("deconv", InputSet.of(image, List.of(name)), Map.of("layer", tap,
                "channel", Integer.toString(channel), "mode", "max"));
        if (run.isEmpty()) {
            return Optional.empty();
        }
        try (AnalysisResult projection = run.get()) {
            INDArray pixels = projection.arrays().get("projection");
            return pixels == null ? Optional.empty()
                    : Optional.of(Picture.Floats.of(pixels.get(NDArrayIndex.point(0)).dup()));
        }
    }

    @Override
    public AnalysisResult finish(OcclusionState merged, AnalysisContext context) {
        return OcclusionReport.of(merged, Settings.of(request, context.network()),
                request.floatOption(OcclusionPlugin.FILL), context.network());
    }

    @Override
    public byte[] write(OcclusionState state) {
        return StateBytes.write(state);
    }

    @Override
    public OcclusionState read(byte[] bytes) {
        return StateBytes.read(bytes);
    }
}
