package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * Paper Fig. 2 for one layer from a merged {@link TopState}: for each chosen channel its strongest activations over
 * the inputs, each projected to pixel space and cropped to its receptive field, beside the image patches that caused
 * them. Arrays and grids are sized by the hits there can be, at most one per input, not by {@code k}:
 * {@code top_projections} and {@code top_patches} are {@code [channels, min(k, inputs), 3, size, size]},
 * {@code top_values} {@code [channels, min(k, inputs)]}; report.json gives {@code k} and {@code hits_found} (the most
 * hits of any channel).
 */
final class TopResult {

    private TopResult() {
    }

    /** The side of a tile: the tap's largest receptive field, at most the input. */
    static int tileSize(Network network, String tap) {
        return Math.min(ReceptiveField.size(network, tap),
                Math.min(network.spec().input().get(1), network.spec().input().get(2)));
    }

    /**
     * Why a first layer's top-k projections look alike: the deconvnet takes one activation of a convolution on the image
     * back through that convolution alone, which puts the channel's filter, scaled by the activation, at its place.
     */
    static final String FIRST_LAYER = "The first convolution's projections are alike by construction: a single "
            + "activation projects back to the channel's filter itself, scaled by the activation; the patches show what "
            + "drove it.";

    static AnalysisResult of(TopState state, Network network, String tap, String channelText, int k) {
        if (state.inputs() == 0 || state.tapChannels() == 0) {
            throw new InvalidInputException("mining " + tap + " needs at least one input");
        }
        List<Integer> channels = Channels.parse(channelText, state.tapChannels());
        int size = tileSize(network, tap);
        // memory follows the hits, not k: at most one per input, so a --top past the inputs costs nothing (k = 5000
        // once allocated [channels, 5000, 3, size, size] up front); slots for min(k, inputs), of which the most hits
        // of any channel are filled (a channel that fires on fewer inputs keeps blank slots)
        int found = channels.stream().mapToInt(c -> state.hits(c).size()).max().orElse(0);
        int slots = (int) Math.min(k, state.inputs());
        int columns = (int) Math.ceil(Math.sqrt(slots));
        AnalysisResult result = new AnalysisResult();
        INDArray projections = Nd4j.zeros(channels.size(), slots, 3, size, size);
        INDArray patches = Nd4j.zeros(channels.size(), slots, 3, size, size);
        INDArray values = Nd4j.zeros(channels.size(), slots);
        List<INDArray> overview = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        for (int ci = 0; ci < channels.size(); ci++) {
            int channel = channels.get(ci);
            List<INDArray> projectionTiles = new ArrayList<>();
            List<INDArray> patchTiles = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Hit> hits = state.hits(channel);
            for (int j = 0; j < hits.size(); j++) {
                Hit hit = hits.get(j);
                TopState.Detail detail = state.details().get(TopState.Spot.of(hit));
                if (detail == null || detail.size() != size) {
                    throw new IllegalStateException("no projection of " + tap + " channel " + channel + " for "
                            + hit.input() + " in the merged state");
                }
                INDArray projectionTile = HostArrays.floats(detail.projection(), 3, size, size);
                INDArray patchTile = HostArrays.floats(detail.patch(), 3, size, size);
                projections.get(point(ci), point(j)).assign(projectionTile);
                patches.get(point(ci), point(j)).assign(patchTile);
                values.putScalar(ci, j, hit.value());
                projectionTiles.add(projectionTile);
                patchTiles.add(patchTile);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("input", hit.input());
                row.put("value", hit.value());
                row.put("position", List.of(hit.y(), hit.x()));
                row.put("field", detail.field().asList());
                rows.add(row);
            }
            INDArray figure = Tiles.pairGrid(projectionTiles, patchTiles, columns, size);
            result.figure(String.format("%s-channel-%03d", tap, channel), new Figure(Figure.Kind.RGB, figure,
                    "The " + hits.size() + " strongest activations of " + tap + " channel " + channel
                            + " over " + state.inputs() + " inputs, projected to pixel space (left) beside the image "
                            + "patches that caused them (right)."));
            overview.add(figure);
            summary.add(Map.of("channel", channel, "hits", rows));
        }
        List<Integer> silent = channels.stream().filter(c -> state.hits(c).isEmpty()).toList();
        result.figure(tap + "-top" + k, new Figure(Figure.Kind.RGB, Figures.grid(overview,
                (int) Math.ceil(Math.sqrt(overview.size())), 6, Tiles.BACKGROUND),
                "Top-" + k + " projections and patches of " + channels.size() + " channels of " + tap
                        + " (paper Fig. 2), one block per channel, channels " + channelText + " in order"
                        + (found < k ? ", at most " + found + " per channel (one per input of " + state.inputs() + ")"
                        : "")
                        + (silent.isEmpty() ? "." : "; blank blocks: channel" + (silent.size() > 1 ? "s " : " ")
                        + silent.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                        + ", never active on these inputs.")
                        + (tap.equals(Taps.firstConvolution(network)) ? " " + FIRST_LAYER : "")));
        result.array("top_projections", projections).array("top_patches", patches).array("top_values", values);
        return result.summary("layer", tap).summary("k", k).summary("hits_found", found)
                .summary("field_size", size).summary("channels", summary);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}
