package org.zfnet.plugin.deconv.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;

/**
 * The evolution of features over training (paper Fig. 4): at each checkpoint, each chosen channel's strongest
 * activation over the inputs, projected to pixel space; rows are channels, columns the checkpoints in the given
 * order, then the current weights.
 */
final class Evolution {

    /** Inputs per forward pass while looking for each channel's strongest activation. */
    private static final int MINING_BATCH = 16;

    private Evolution() {
    }

    static AnalysisResult run(AnalysisContext context, InputSet given, List<Path> checkpoints, String tap,
            String channelText, ProjectionRule rule, boolean lrnGradient) {
        InputSet inputs = given.distinctlyNamed(); // hits name their inputs, which must be told apart
        List<Network> networks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path p : checkpoints) {
            context.checkCancelled();
            networks.add(context.network(p));
            labels.add(p.getFileName().toString());
        }
        networks.add(context.network());
        labels.add("current: " + context.network().weightsSource());
        Network current = context.network();
        int size = Math.min(ReceptiveField.size(current, tap), current.spec().input().get(1));
        List<Integer> channels;
        try (INDArray x = inputs.load(0, 1); ForwardTrace trace = current.forward(x, tap, true)) {
            channels = Channels.parse(channelText, (int) trace.tap(tap).size(1));
        }
        List<INDArray> tiles = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int channel : channels) {
            for (int n = 0; n < networks.size(); n++) {
                context.checkCancelled();
                Network network = networks.get(n);
                List<Hit> best = new TopMining(tap, String.valueOf(channel), 1, MINING_BATCH, rule, lrnGradient)
                        .mine(network, inputs, context).hits(channel);
                if (best.isEmpty()) {
                    tiles.add(Tiles.crop(Figures.clip(org.nd4j.linalg.factory.Nd4j.ones(3, 1, 1)),
                            new ReceptiveField(0, 0, 0, 0, 0, 0), size));
                    continue;
                }
                context.checkCancelled();
                Hit hit = best.get(0);
                int input = DatasetRun.indices(inputs, Set.of(hit.input())).get(0);
                try (INDArray x = inputs.load(input, input + 1); ForwardTrace trace = network.forward(x, tap, true)) {
                    Deconvnet.Projection p = Deconvnet.project(trace, 0, tap, channel, Deconvnet.Mode.MAX, rule,
                            lrnGradient, new int[] {hit.y(), hit.x()});
                    tiles.add(Tiles.projectionTile(p.pixels(), p.field(), size));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("channel", channel);
                    row.put("weights", labels.get(n));
                    row.put("input", hit.input());
                    row.put("value", hit.value());
                    rows.add(row);
                    p.pixels().close();
                }
            }
        }
        return new AnalysisResult()
                .figure(tap + "-evolution", new Figure(Figure.Kind.RGB, Figures.grid(tiles, networks.size(), 2, 1f),
                        "Evolution of " + tap + " features over training (paper Fig. 4): rows are channels "
                                + channelText + ", columns " + String.join(", ", labels) + "; each tile the channel's "
                                + "strongest activation over the inputs, projected to pixel space."))
                .summary("layer", tap).summary("columns", labels).summary("tiles", rows);
    }
}
