package org.zfnet.plugin.stats.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.DatasetRun;
import org.zfnet.api.analysis.DatasetWork;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/**
 * {@code zfnet analyze stats}: per-channel activation statistics of a dataset ({@link ActivationStatistics}), run
 * over the inputs in batches here and over partitions on a cluster, the same work.
 */
@Component(service = AnalysisPlugin.class)
public class StatsPlugin implements AnalysisPlugin {

    static final OptionSpec LAYERS = OptionSpec.text("layers", Taps.AUTO,
            "taps to summarise, e.g. conv1,conv5; auto = every convolution");
    static final OptionSpec BATCH = OptionSpec.integer("batch", 16, "inputs per forward pass").atLeast(1);
    /** Convolutions whose channels the demo shows, at most (spread from the first to the last). */
    static final int DEMO_TAPS = 5;

    @Override
    public String id() {
        return "stats";
    }

    @Override
    public String description() {
        return "Per-channel activation statistics over a dataset: mean, standard deviation, extremes, fraction active, "
                + "mean peak.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(LAYERS, BATCH);
    }

    /**
     * One run on every sample image over every convolution, showing the overview and the channels of up to {@link
     * #DEMO_TAPS} convolutions (a deep network has dozens); none for a network without convolutions.
     */
    @Override
    public List<DemoRun> demo(Network network) {
        List<String> convolutions = Taps.convolutions(network);
        if (convolutions.isEmpty()) {
            return List.of();
        }
        List<String> shown = new ArrayList<>(List.of(StatsReport.OVERVIEW));
        Taps.spread(convolutions, DEMO_TAPS).forEach(tap -> shown.add(StatsReport.channelsFigure(tap)));
        return List.of(DemoRun.of("Activation statistics", "How often each channel of every convolution is active "
                + "over all sample images, and each channel's mean peak and mean: dead channels lie at 0.", DemoRun.ALL)
                .showing(shown.toArray(String[]::new)));
    }

    @Override
    public AnalysisResult run(AnalysisRequest request, AnalysisContext context) {
        return DatasetRun.local(work(request), request.requireInputs(), request.intOption(BATCH), context);
    }

    @Override
    public Optional<DatasetWork<?>> datasetWork(AnalysisRequest request) {
        return Optional.of(work(request));
    }

    private static ActivationStatistics work(AnalysisRequest request) {
        return new ActivationStatistics(request.option(LAYERS), request.intOption(BATCH));
    }
}
