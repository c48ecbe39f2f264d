package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;

/** Runs one analysis plugin and writes what it returns: the common path of {@code zfnet analyze} and {@code zfnet demo}. */
final class AnalysisRunner {

    /**
     * Where the network comes from: {@code --model}, {@code --weights}, {@code --seed}, and {@code --labels} and
     * {@code --preprocess} (null when not given) in place of the model's own.
     */
    record ModelChoice(String name, Path weights, long seed, Path labels, String preprocess) {
    }

    /** What one run wrote; the result is closed (its arrays freed), its names, captions, texts and summary stay. */
    record Written(Outputs outputs, AnalysisResult result, Map<String, Object> settings, int files) {
    }

    private AnalysisRunner() {
    }

    /**
     * Checks the options against the plugin's declarations ({@link AnalysisRequest#checked}), loads the
     * inputs and the network, runs the plugin on its own thread (at most {@code timeout}) and writes the result under
     * {@code out} once it has returned; a run that fails or times out writes nothing.
     */
    static Written run(Session session, PluginEntry plugin, ModelChoice model, List<Path> inputPaths,
            Map<String, String> given, Path out, String command, Timeout timeout) {
        ModelSpec spec = Models.spec(session, model);
        FileInputs inputs = inputPaths == null || inputPaths.isEmpty() ? null : FileInputs.of(inputPaths, spec);
        AnalysisRequest request = AnalysisRequest.checked(plugin.plugin(), inputs, given);
        try (Outputs outputs = new Outputs(out)) {
            RunContext context = new RunContext(session, Models.network(session, model.name(), spec, model.weights(),
                    model.seed()), outputs::checkpoints);
            Network network = context.network();
            String name = "plugin " + plugin.id() + " (" + plugin.bundle() + ")";
            // the networks are released when the plugin's code has ended, not when a timed-out run is given up on
            AnalysisResult result = PluginThread.call(name, timeout, context::cancel, () -> {
                try (context) {
                    return plugin.plugin().run(request, context);
                }
            });
            if (result == null) {
                throw new ZfnetException(name + " returned no result (run() returned null)");
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("model", spec.name());
            settings.put("weights", network.weightsSource());
            settings.put("backend", network.backend().info().name());
            settings.put("inputs", inputs == null ? 0 : inputs.size());
            if (inputs != null) {
                settings.put("preprocessing", inputs.preprocessing());
            }
            settings.putAll(request.options());
            try (result) {
                ResultWriter.write(outputs, plugin.id(), result, settings, command);
            }
            outputs.publish();
            int files = result.arrays().size() + result.figures().size() + result.texts().size() + 2;
            return new Written(outputs, result, settings, files);
        }
    }
}
