package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;

/**
 * Paper Fig. 2 for one layer: for each chosen channel the {@code k} strongest activations over the inputs,
 * each projected to pixel space and cropped to its receptive field, beside the image patches that caused them.
 * Arrays and grids are sized by the hits there can be, at most one per input, not by {@code k}:
 * {@code top_projections} and {@code top_patches} are {@code [channels, min(k, inputs), 3, size, size]},
 * {@code top_values} {@code [channels, min(k, inputs)]}; report.json gives {@code k} and {@code hits_found} (the most
 * hits of any channel).
 */
final class TopNine {

    private TopNine() {
    }

    static AnalysisResult run(AnalysisContext context, InputSet inputs, String tap, String channelText, int k, int batch,
            ProjectionRule rule, boolean lrnGradient) {
        Network network = context.network();
        int available = channelsAt(network, inputs, tap);
        List<Integer> channels = Channels.parse(channelText, available);
        Map<Integer, List<TopActivations.Hit>> hits = TopActivations.mine(network, inputs, tap, channels, k, batch, context);

        int size = Math.min(ReceptiveField.size(network, tap),
                Math.min(network.spec().input().get(1), network.spec().input().get(2)));
        // memory follows the hits, not k: at most one per input, so a --top past the inputs costs nothing (k = 5000
        // once allocated [channels, 5000, 3, size, size] up front); slots for min(k, inputs), of which the most hits
        // of any channel are filled (a channel that fires on fewer inputs keeps blank slots, as before)
        int found = hits.values().stream().mapToInt(List::size).max().orElse(0);
        int slots = Math.min(k, inputs.size());
        int columns = (int) Math.ceil(Math.sqrt(slots));
        AnalysisResult result = new AnalysisResult();
        INDArray projections = Nd4j.zeros(channels.size(), slots, 3, size, size);
        INDArray patches = Nd4j.zeros(channels.size(), slots, 3, size, size);
        INDArray values = Nd4j.zeros(channels.size(), slots);
        List<INDArray> overview = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        Progress progress = context.progress();
        progress.start("projecting " + tap, hits.values().stream().mapToInt(List::size).sum());
        for (int ci = 0; ci < channels.size(); ci++) {
            int channel = channels.get(ci);
            List<INDArray> projectionTiles = new ArrayList<>();
            List<INDArray> patchTiles = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            List<TopActivations.Hit> channelHits = hits.get(channel);
            for (int j = 0; j < channelHits.size(); j++) {
                context.checkCancelled();
                TopActivations.Hit hit = channelHits.get(j);
                try (INDArray x = inputs.load(hit.input(), hit.input() + 1); ForwardTrace trace = network.forward(x, tap, true)) {
                    Deconvnet.Projection p = Deconvnet.project(trace, 0, tap, channel, Deconvnet.Mode.MAX, rule,
                            lrnGradient, new int[] {hit.y(), hit.x()});
                    INDArray projectionTile = Tiles.projectionTile(p.pixels(), p.field(), size);
                    INDArray patchTile = Tiles.patchTile(Figures.toDisplay(x, network.spec()), p.field(), size);
                    projections.get(point(ci), point(j)).assign(projectionTile);
                    patches.get(point(ci), point(j)).assign(patchTile);
                    values.putScalar(ci, j, hit.value());
                    projectionTiles.add(projectionTile);
                    patchTiles.add(patchTile);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("input", inputs.name(hit.input()));
                    row.put("value", hit.value());
                    row.put("position", List.of(hit.y(), hit.x()));
                    row.put("field", p.field().asList());
                    rows.add(row);
                    p.pixels().close();
                }
                progress.advance(1);
            }
            INDArray figure = Tiles.pairGrid(projectionTiles, patchTiles, columns, size);
            result.figure(String.format("%s-channel-%03d", tap, channel), new Figure(Figure.Kind.RGB, figure,
                    "The " + channelHits.size() + " strongest activations of " + tap + " channel " + channel
                            + " over " + inputs.size() + " inputs, projected to pixel space (left) beside the image "
                            + "patches that caused them (right)."));
            overview.add(figure);
            summary.add(Map.of("channel", channel, "hits", rows));
        }
        List<Integer> silent = channels.stream().filter(c -> hits.get(c).isEmpty()).toList();
        result.figure(tap + "-top" + k, new Figure(Figure.Kind.RGB, Figures.grid(overview,
                (int) Math.ceil(Math.sqrt(overview.size())), 6, Tiles.BACKGROUND),
                "Top-" + k + " projections and patches of " + channels.size() + " channels of " + tap
                        + " (paper Fig. 2), one block per channel, channels " + channelText + " in order"
                        + (found < k ? ", at most " + found + " per channel (one per input of " + inputs.size() + ")"
                        : "")
                        + (silent.isEmpty() ? "." : "; blank blocks: channel" + (silent.size() > 1 ? "s " : " ")
                        + silent.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                        + ", never active on these inputs.")));
        result.array("top_projections", projections).array("top_patches", patches).array("top_values", values);
        return result.summary("layer", tap).summary("k", k).summary("hits_found", found)
                .summary("field_size", size).summary("channels", summary);
    }

    private static int channelsAt(Network network, InputSet inputs, String tap) {
        try (INDArray x = inputs.load(0, 1); ForwardTrace trace = network.forward(x, tap, true)) {
            return (int) trace.tap(tap).size(1);
        }
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex point(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }
}
