package org.zfnet.api.analysis;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An analysis that can be run from the command line, the shell or a script.
 *
 * <p>Implement {@link #id()}, {@link #description()} and {@link #run}; declare options by overriding
 * {@link #options()}. Register the class as a service with {@code @Component}. Plugins depend on the
 * {@code api} bundle only.
 */
@ConsumerType
public interface AnalysisPlugin {

    /** Short lower-case name used on the command line: {@code zfnet analyze <id>}. */
    String id();

    /** One line saying what the analysis shows. */
    String description();

    /** The options this plugin understands, with types, defaults and help. */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * What this plugin shows in {@code zfnet demo}, one report section per run. By default one run with the default
     * options on the first sample image of each class, or none when an option has no default.
     */
    default List<DemoRun> demo() {
        if (options().stream().anyMatch(OptionSpec::required)) {
            return List.of();
        }
        return List.of(DemoRun.of(id(), description(), DemoRun.ONE_PER_CLASS));
    }

    /**
     * What this plugin shows in {@code zfnet demo} of {@code network} (the demo's model: ZFNet, the demo model, or a
     * user's spec): override it to choose layers that the network has, e.g. with {@link
     * org.zfnet.api.model.Taps}. By default {@link #demo()}.
     */
    default List<DemoRun> demo(org.zfnet.api.model.Network network) {
        return demo();
    }

    /**
     * Runs the analysis. Must not write files; everything to keep goes into the result.
     * Long loops report to {@link AnalysisContext#progress()} and call {@link AnalysisContext#checkCancelled()} in
     * every iteration (per image, per batch, per projection), so that a cancelled run stops within a second.
     *
     * @param request the inputs and every declared option, checked and with defaults filled in
     *                ({@link AnalysisRequest#checked})
     */
    AnalysisResult run(AnalysisRequest request, AnalysisContext context);

    /**
     * The work of {@code request} as a {@link DatasetWork} when it streams over a dataset (e.g. top-k mining), so
     * that it can run on a cluster; empty, the default, for an analysis that does not. A plugin whose {@link #run}
     * does such work runs it through {@link DatasetRun#local}, so that there is one algorithm for both.
     *
     * @param request checked as for {@link #run}
     */
    default java.util.Optional<DatasetWork<?>> datasetWork(AnalysisRequest request) {
        return java.util.Optional.empty();
    }
}
