package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.OptionType;
import org.zfnet.api.analysis.Progress;
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
        return run(session, plugin, model, inputPaths, given, out, command, timeout, null);
    }

    /**
     * As {@link #run(Session, PluginEntry, ModelChoice, List, Map, Path, String, Timeout)}, the plugin's progress
     * reported to {@code progress} instead of the terminal (null: the terminal), as {@code zfnet serve}'s runs do.
     */
    static Written run(Session session, PluginEntry plugin, ModelChoice model, List<Path> inputPaths,
            Map<String, String> given, Path out, String command, Timeout timeout, Progress progress) {
        ModelSpec spec = Models.spec(session, model);
        FileInputs inputs = inputPaths == null || inputPaths.isEmpty() ? null : FileInputs.of(inputPaths, spec);
        AnalysisRequest request = AnalysisRequest.checked(plugin.plugin(), inputs, given);
        try (Outputs outputs = new Outputs(out)) {
            RunContext context = new RunContext(session, Models.network(session, model.name(), spec, model.weights(),
                    model.seed()), outputs::checkpoints, progress);
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
            return write(outputs, plugin, network, inputs == null ? 0 : inputs.size(),
                    inputs == null ? null : inputs.preprocessing(), request.options(), result, command);
        }
    }

    /**
     * Writes a plugin's result under {@code outputs} (arrays, figures, {@code report.json} with the settings, {@code
     * index.html}) and moves it into place; closes the result.
     *
     * @param preprocessing what the inputs went through ({@link FileInputs#preprocessing}); null without inputs
     */
    static Written write(Outputs outputs, PluginEntry plugin, Network network, int inputs,
            Map<String, Object> preprocessing, Map<String, String> options, AnalysisResult result, String command) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", network.spec().name());
        settings.put("weights", network.weightsSource());
        settings.put("backend", network.backend().info().name());
        settings.put("inputs", inputs);
        if (preprocessing != null) {
            settings.put("preprocessing", preprocessing);
        }
        settings.putAll(options);
        try (result) {
            ResultWriter.write(outputs, plugin.id(), result, settings, command);
        }
        outputs.publish();
        int files = result.arrays().size() + result.figures().size() + result.texts().size() + 2;
        return new Written(outputs, result, settings, files);
    }

    /**
     * The {@code zfnet analyze} command line that repeats a run: the model's options where they differ from the
     * defaults, the inputs, the options given (a flag by its name when true) and the output folder, each word quoted
     * for a POSIX shell where needed.
     */
    static String commandLine(PluginEntry plugin, ModelChoice model, List<Path> inputs, Map<String, String> options,
            Path out) {
        StringBuilder c = new StringBuilder("zfnet analyze ").append(plugin.id());
        if (!model.name().equals(AnalyzeCommand.DEFAULT_MODEL)) {
            c.append(" --model ").append(DemoCommand.quote(model.name()));
        }
        if (model.weights() != null) {
            c.append(" --weights ").append(DemoCommand.quote(model.weights().toString()));
        } else if (model.seed() != 1) {
            c.append(" --seed ").append(model.seed());
        }
        if (model.labels() != null) {
            c.append(" --labels ").append(DemoCommand.quote(model.labels().toString()));
        }
        if (model.preprocess() != null) {
            c.append(" --preprocess ").append(DemoCommand.quote(model.preprocess()));
        }
        if (!inputs.isEmpty()) {
            c.append(" --input");
            inputs.forEach(i -> c.append(' ').append(DemoCommand.quote(i.toString())));
        }
        Map<String, OptionType> types = new java.util.HashMap<>();
        plugin.plugin().options().forEach(o -> types.put(o.name(), o.type()));
        options.forEach((name, value) -> {
            if (types.get(name) != OptionType.FLAG) {
                c.append(" --").append(name).append(' ').append(DemoCommand.quote(value));
            } else if (Boolean.parseBoolean(value)) {
                c.append(" --").append(name);
            }
        });
        return c.append(" --out ").append(DemoCommand.quote(out.toString())).toString();
    }
}
