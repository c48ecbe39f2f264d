package org.zfnet.testkit;

import java.util.List;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.DemoRun;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.Taps;

/** What {@code zfnet demo} would run of a plugin, checked as the container checks it before running anything. */
public final class DemoRuns {

    /** The options that name taps by convention: {@code layer} (one tap) and {@code layers} (a list). */
    private static final List<String> TAP_OPTIONS = List.of("layer", "layers");

    private DemoRuns() {
    }

    /**
     * The plugin's demo runs for {@code network} ({@link AnalysisPlugin#demo(Network)}), each with its options passed
     * through {@link AnalysisRequest#checked} (no option the plugin does not declare, every value valid) and every tap
     * named by a {@code layer} or {@code layers} option (other than {@code auto}) checked against the network; the
     * first run that fails throws, naming the run and what is wrong.
     */
    public static List<DemoRun> checked(AnalysisPlugin plugin, Network network) {
        List<DemoRun> runs = plugin.demo(network);
        for (DemoRun run : runs) {
            try {
                AnalysisRequest request = AnalysisRequest.checked(plugin, null, run.options());
                for (String option : TAP_OPTIONS) {
                    String value = request.options().get(option);
                    if (value != null && !value.trim().equals(Taps.AUTO)) {
                        Taps.listed(network, option, value, List::of);
                    }
                }
            } catch (RuntimeException e) {
                throw new AssertionError("demo run '" + run.title() + "' of plugin " + plugin.id() + " on "
                        + network.spec().name() + ": " + e.getMessage(), e);
            }
        }
        return runs;
    }
}
