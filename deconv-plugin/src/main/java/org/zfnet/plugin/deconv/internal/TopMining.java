package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Taps;

/**
 * The top-k activations of feature maps over a dataset (paper Fig. 2, arXiv 1311.2901), as a {@link DatasetWork}: a
 * shard forwards its inputs in batches and keeps, per chosen channel, the {@code k} largest per-input maxima of the tap
 * ({@code [N, C, H, W]}; an input's maximum is its first largest value in row-major order, kept if above 0), at most
 * one per input; states merge by keeping the {@code k} best of the union ({@link Hit#best}); the inputs of the final
 * hits are seen again where they are, and each hit is projected to pixel space by the deconvnet from that one
 * activation ({@link Deconvnet#project}, MAX mode) and cropped to its receptive field beside the image patch; {@link
 * TopResult} lays the merged state out as the paper does.
 *
 * <p>Hits are exact under any cut of the dataset: values are compared, never summed, and ties go to the input whose
 * name comes first. A shard's memory holds one batch and the hits.
 */
final class TopMining implements DatasetWork<TopState> {

    private final String layer;
    private final String channels;
    private final int k;
    private final int batch;
    private final ProjectionRule rule;
    private final boolean lrnGradient;

    /**
     * @param layer       the tap as given ({@code auto}: the last convolution of the network the work runs on)
     * @param channels    {@code --channels} as given ({@link Channels})
     * @param k           hits per channel, at least 1
     * @param batch       inputs per forward pass within a shard
     * @param rule        what the projections do at a ReLU
     * @param lrnGradient whether projections go back through LRN by its true gradient
     */
    TopMining(String layer, String channels, int k, int batch, ProjectionRule rule, boolean lrnGradient) {
        if (k < 1 || batch < 1) {
            throw new IllegalArgumentException("top-k mining needs k and a batch of at least 1, got " + k + " and " + batch);
        }
        this.layer = layer;
        this.channels = channels;
        this.k = k;
        this.batch = batch;
        this.rule = rule;
        this.lrnGradient = lrnGradient;
    }

    @Override
    public String task() {
        return "mining " + (layer.equals(Taps.AUTO) ? "the last convolution" : layer);
    }

    @Override
    public String key() {
        return "top " + k + " of " + layer + " channels " + channels + " rule " + rule + " lrn "
                + (lrnGradient ? "gradient" : "identity");
    }

    @Override
    public TopState shard(InputSet shard, AnalysisContext context) {
        return mine(context.network(), shard, context);
    }

    /** The state of {@code inputs} on {@code network}, which need not be the context's (feature evolution). */
    TopState mine(Network network, InputSet inputs, AnalysisContext context) {
        String tap = DeconvPlugin.tap(layer, network);
        int tapChannels = 0;
        List<Integer> chosen = List.of();
        Map<Integer, List<Hit>> kept = new HashMap<>();
        for (int from = 0; from < inputs.size(); from += batch) {
            context.checkCancelled();
            int to = Math.min(inputs.size(), from + batch);
            try (INDArray x = inputs.load(from, to); ForwardTrace trace = network.forward(x, tap)) {
                INDArray activity = trace.tap(tap);
                long[] shape = activity.shape();
                if (tapChannels == 0) {
                    tapChannels = (int) shape[1];
                    chosen = Channels.parse(channels, tapChannels);
                }
                int plane = (int) (shape[2] * shape[3]);
                int width = (int) shape[3];
                float[] data = HostArrays.floats(activity);
                for (int channel : chosen) {
                    List<Hit> hits = kept.computeIfAbsent(channel, c -> new ArrayList<>());
                    for (int n = 0; n < to - from; n++) {
                        int base = (n * tapChannels + channel) * plane;
                        int best = 0;
                        for (int i = 1; i < plane; i++) {
                            if (data[base + i] > data[base + best]) {
                                best = i;
                            }
                        }
                        float value = data[base + best];
                        if (value > 0) {
                            hits.add(new Hit(inputs.name(from + n), channel, value, best / width, best % width));
                        }
                    }
                    if (hits.size() > 2 * k) { // cut back to k now and then: memory 2k + batch, sorting amortised
                        kept.put(channel, new ArrayList<>(Hit.best(hits, k)));
                    }
                }
            }
        }
        Map<Integer, List<Hit>> best = new TreeMap<>();
        kept.forEach((channel, hits) -> {
            if (!hits.isEmpty()) {
                best.put(channel, Hit.best(hits, k));
            }
        });
        return new TopState(tapChannels, inputs.size(), new TreeMap<>(best), Map.of());
    }

    /**
     * Per channel the {@code k} best of both, at most one per input; the inputs counted in both; the details of both
     * (a hit's detail is the same wherever it was computed).
     */
    @Override
    public TopState merge(TopState a, TopState b) {
        if (a.tapChannels() != 0 && b.tapChannels() != 0 && a.tapChannels() != b.tapChannels()) {
            throw new IllegalStateException("states of taps with " + a.tapChannels() + " and " + b.tapChannels()
                    + " channels do not merge");
        }
        TreeMap<Integer, List<Hit>> hits = new TreeMap<>();
        Set<Integer> fired = new LinkedHashSet<>(a.hits().keySet());
        fired.addAll(b.hits().keySet());
        for (int channel : fired) {
            List<Hit> both = new ArrayList<>(a.hits(channel));
            both.addAll(b.hits(channel));
            hits.put(channel, Hit.best(both, k));
        }
        Map<TopState.Spot, TopState.Detail> details = new HashMap<>(a.details());
        b.details().forEach(details::putIfAbsent);
        return new TopState(Math.max(a.tapChannels(), b.tapChannels()), a.inputs() + b.inputs(), hits, details);
    }

    /** The inputs of the final hits, whose projections and patches {@link #finish} shows. */
    @Override
    public Set<String> revisit(TopState merged) {
        Set<String> names = new LinkedHashSet<>();
        merged.hits().values().forEach(hits -> hits.forEach(hit -> names.add(hit.input())));
        return names;
    }

    /**
     * Each final hit on the {@code revisited} inputs projected to pixel space: the input forwarded alone with its
     * pooling switches, the deconvnet run back from that one activation, both the projection and the image cropped to
     * the activation's receptive field as tiles.
     */
    @Override
    public TopState details(TopState merged, InputSet revisited, AnalysisContext context) {
        Network network = context.network();
        String tap = DeconvPlugin.tap(layer, network);
        int size = TopResult.tileSize(network, tap);
        Map<String, List<Hit>> byInput = new HashMap<>();
        merged.hits().values().forEach(hits -> hits.forEach(
                hit -> byInput.computeIfAbsent(hit.input(), n -> new ArrayList<>()).add(hit)));
        int count = 0;
        for (int i = 0; i < revisited.size(); i++) {
            count += byInput.getOrDefault(revisited.name(i), List.of()).size();
        }
        Progress progress = context.progress();
        progress.start("projecting " + tap, count);
        Map<TopState.Spot, TopState.Detail> details = new HashMap<>();
        for (int i = 0; i < revisited.size(); i++) {
            context.checkCancelled();
            List<Hit> hits = byInput.getOrDefault(revisited.name(i), List.of());
            if (hits.isEmpty()) {
                continue;
            }
            try (INDArray x = revisited.load(i, i + 1); ForwardTrace trace = network.forward(x, tap, true);
                    INDArray display = Figures.toDisplay(x, network.spec())) {
                for (Hit hit : hits) {
                    context.checkCancelled();
                    Deconvnet.Projection p = Deconvnet.project(trace, 0, tap, hit.channel(), Deconvnet.Mode.MAX, rule,
                            lrnGradient, new int[] {hit.y(), hit.x()});
                    try (INDArray projection = Tiles.projectionTile(p.pixels(), p.field(), size);
                            INDArray patch = Tiles.patchTile(display, p.field(), size)) {
                        details.put(TopState.Spot.of(hit), new TopState.Detail(p.field(), size,
                                HostArrays.floats(projection), HostArrays.floats(patch)));
                    }
                    p.pixels().close();
                    progress.advance(1);
                }
            }
        }
        return new TopState(merged.tapChannels(), 0, new TreeMap<>(), details);
    }

    @Override
    public AnalysisResult finish(TopState merged, AnalysisContext context) {
        Network network = context.network();
        return TopResult.of(merged, network, DeconvPlugin.tap(layer, network), channels, k);
    }

    @Override
    public byte[] write(TopState state) {
        return TopStateBytes.write(state);
    }

    @Override
    public TopState read(byte[] bytes) {
        return TopStateBytes.read(bytes);
    }
}
