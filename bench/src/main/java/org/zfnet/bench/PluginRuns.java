package org.zfnet.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.StandaloneContext;
import org.zfnet.api.model.Network;

/** Plugin runs outside the container, as the benchmarks time them. */
final class PluginRuns {

    private PluginRuns() {
    }

    /** The plugin with its declared defaults, overridden by {@code given}. */
    static AnalysisResult run(AnalysisPlugin plugin, InputSet inputs, Map<String, String> given, AnalysisContext context) {
        Map<String, String> options = new HashMap<>();
        plugin.options().forEach(o -> options.put(o.name(), o.defaultValue()));
        options.putAll(given);
        return plugin.run(new AnalysisRequest(inputs, options), context);
    }

    /** The plugin on {@code network} (no dataset), its declared defaults overridden by {@code given}. */
    static AnalysisResult run(AnalysisPlugin plugin, Network network, INDArray batch, Map<String, String> given) {
        return run(plugin, random(batch), given, StandaloneContext.of(network, null));
    }

    /** As {@link #run(AnalysisPlugin, Network, INDArray, Map)}, its arrays closed: a run timed for its work alone. */
    static AnalysisResult runAndClose(AnalysisPlugin plugin, Network network, INDArray batch,
            Map<String, String> given) {
        AnalysisResult result = run(plugin, network, batch, given);
        result.arrays().values().forEach(INDArray::close);
        return result;
    }

    /** A batch as inputs named {@code random-0}, {@code random-1}, … */
    static InputSet random(INDArray batch) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < batch.size(0); i++) {
            names.add("random-" + i);
        }
        return InputSet.of(batch, names);
    }
}
