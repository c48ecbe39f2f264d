package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.analysis.OptionType;
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
     * Checks the options against the plugin's declarations (unknown names, choices), fills in defaults, loads the
     * inputs and the network, runs the plugin on its own thread (at most {@code timeout}) and writes the result under
     * {@code out} once it has returned; a run that fails or times out writes nothing.
     */
    static Written run(Session session, PluginEntry plugin, ModelChoice model, List<Path> inputPaths,
            Map<String, String> given, Path out, String command, Timeout timeout) {
        ModelSpec spec = Models.spec(session, model);
        FileInputs inputs = inputPaths == null || inputPaths.isEmpty() ? null : FileInputs.of(inputPaths, spec);
        Map<String, String> options = options(plugin, given);
        try (Outputs outputs = new Outputs(out)) {
            RunContext context = new RunContext(session, Models.network(session, model.name(), spec, model.weights(),
                    model.seed()), outputs::checkpoints);
            Network network = context.network();
            String name = "plugin " + plugin.id() + " (" + plugin.bundle() + ")";
            // the networks are released when the plugin's code has ended, not when a timed-out run is given up on
            AnalysisResult result = PluginThread.call(name, timeout, context::cancel, () -> {
                try (context) {
                    return plugin.plugin().run(new AnalysisRequest(inputs, options), context);
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
            settings.putAll(options);
            try (result) {
                ResultWriter.write(outputs, plugin.id(), result, settings, command);
            }
            outputs.publish();
            int files = result.arrays().size() + result.figures().size() + result.texts().size() + 2;
            return new Written(outputs, result, settings, files);
        }
    }

    /** Every declared option: the given value (checked) or its default. */
    static Map<String, String> options(PluginEntry plugin, Map<String, String> given) {
        Map<String, OptionSpec> declared = new LinkedHashMap<>();
        plugin.plugin().options().forEach(o -> declared.put(o.name(), o));
        for (String name : given.keySet()) {
            if (!declared.containsKey(name)) {
                throw new InvalidInputException("plugin " + plugin.id() + " has no option --" + name);
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : declared.values()) {
            String text = given.getOrDefault(o.name(), o.defaultValue());
            if (text != null) {
                check(o, text);
                options.put(o.name(), text);
            }
        }
        return options;
    }

    /** A choice among the declared ones; a number that parses, is finite and is not below the option's bound. */
    private static void check(OptionSpec o, String text) {
        if (o.type() == OptionType.CHOICE && !o.choices().contains(text)) {
            throw new InvalidInputException("--" + o.name() + " must be one of " + String.join(", ", o.choices())
                    + ", got '" + text + "'");
        }
        if (o.type() != OptionType.INT && o.type() != OptionType.FLOAT) {
            return;
        }
        double value;
        try {
            value = o.type() == OptionType.INT ? Integer.parseInt(text.trim()) : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + o.name() + " expects " + (o.type() == OptionType.INT
                    ? "a whole number" : "a number") + ", got '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidInputException("--" + o.name() + " must be a finite number, got " + text.trim());
        }
        if (o.min() != null && value < o.min()) {
            throw new InvalidInputException("--" + o.name() + " must be at least " + number(o.min()) + ", got "
                    + text.trim());
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
