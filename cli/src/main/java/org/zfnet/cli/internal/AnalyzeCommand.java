package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.analysis.OptionType;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec.Builder;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code zfnet analyze <plugin>}: one subcommand per analysis plugin found in the container, with the common
 * options (--model, --weights, --seed, --input, --out) and the plugin's own, read from its {@link OptionSpec}s.
 */
final class AnalyzeCommand {

    static final String DEFAULT_MODEL = "zfnet-mini";
    private static final Set<String> COMMON = Set.of("model", "weights", "seed", "input", "out", "help", "version");

    private AnalyzeCommand() {
    }

    static CommandLine build(Session session, List<String> args) {
        CommandSpec analyze = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            throw new InvalidInputException("missing analysis; 'zfnet plugins' lists them");
        });
        analyze.name("analyze").mixinStandardHelpOptions(true);
        analyze.usageMessage().description("Run an analysis plugin on a network and inputs; results go to --out as "
                + ".npy, PNG, report.json and index.html.");
        CommandLine line = new CommandLine(analyze);
        for (PluginEntry plugin : session.plugins().list()) {
            try {
                if (!plugin.id().matches("[a-z][a-z0-9-]*")) {
                    throw new ZfnetException("its id '" + plugin.id() + "' is not lower-case words joined by '-'");
                }
                line.addSubcommand(plugin.id(), new CommandLine(pluginCommand(session, plugin, args)));
            } catch (RuntimeException e) {
                // one faulty plugin must not take the command line down with it
                session.err.println("zfnet: skipping plugin " + plugin.id() + " (" + plugin.bundle() + "): "
                        + e.getMessage());
            }
        }
        return line;
    }

    private static CommandSpec pluginCommand(Session session, PluginEntry plugin, List<String> args) {
        Holder holder = new Holder();
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> run(session, plugin, holder.spec, args));
        holder.spec = spec;
        spec.mixinStandardHelpOptions(true);
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(plugin.description(), "Plugin bundle: " + plugin.bundle() + " " + plugin.version());
        spec.addOption(option("--model", String.class, DEFAULT_MODEL, "Built-in model or spec file (default: "
                + DEFAULT_MODEL + ")").paramLabel("NAME|SPEC.json").build());
        spec.addOption(option("--weights", Path.class, null, "Weights (.safetensors or .npz); default: the model's "
                + "shipped weights, else seeded random ones").paramLabel("FILE").build());
        spec.addOption(option("--seed", Long.class, "1", "Seed of random weights (default: 1)").paramLabel("N").build());
        spec.addOption(option("--input", Path[].class, null, "Images (.png/.jpg), folders of them, or one .npy batch")
                .arity("1..*").paramLabel("PATH").build());
        spec.addOption(option("--out", Path.class, null, "Output folder").required(true).paramLabel("DIR").build());
        for (OptionSpec o : plugin.plugin().options()) {
            if (COMMON.contains(o.name())) {
                throw new ZfnetException("it declares the reserved option --" + o.name());
            }
            Builder b = option("--" + o.name(), type(o), o.type() == OptionType.FLAG ? null : o.defaultValue(),
                    o.help() + (o.choices().isEmpty() ? "" : " (" + String.join("|", o.choices()) + ")")
                            + (o.defaultValue() == null || o.type() == OptionType.FLAG ? "" : " (default: " + o.defaultValue() + ")"));
            if (o.type() == OptionType.FLAG) {
                b.arity("0");
            } else if (o.type() == OptionType.STRING) {
                b.type(String[].class).arity("1..*");
            }
            b.paramLabel(switch (o.type()) {
                case INT -> "N";
                case FLOAT -> "X";
                case CHOICE -> String.join("|", o.choices());
                default -> "TEXT";
            });
            b.required(o.required() && o.type() != OptionType.FLAG);
            spec.addOption(b.build());
        }
        return spec;
    }

    private static final class Holder {
        CommandSpec spec;
    }

    private static Builder option(String name, Class<?> type, String defaultValue, String help) {
        Builder b = CommandLine.Model.OptionSpec.builder(name).type(type).description(help);
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b;
    }

    private static Class<?> type(OptionSpec o) {
        return switch (o.type()) {
            case INT -> Integer.class;
            case FLOAT -> Double.class;
            case FLAG -> boolean.class;
            default -> String.class;
        };
    }

    private static Integer run(Session session, PluginEntry plugin, CommandSpec spec, List<String> args) {
        String modelName = spec.findOption("--model").getValue();
        ModelSpec model = Models.spec(session, modelName);
        Path[] inputPaths = spec.findOption("--input").getValue();
        FileInputs inputs = inputPaths == null ? null : FileInputs.of(List.of(inputPaths), model);
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : plugin.plugin().options()) {
            Object value = spec.findOption("--" + o.name()).getValue();
            String text = value == null ? null : value instanceof String[] words ? String.join(" ", words) : value.toString();
            if (o.type() == OptionType.CHOICE && text != null && !o.choices().contains(text)) {
                throw new InvalidInputException("--" + o.name() + " must be one of " + String.join(", ", o.choices())
                        + ", got '" + text + "'");
            }
            if (text != null) {
                options.put(o.name(), text);
            }
        }
        Outputs outputs = new Outputs(spec.findOption("--out").getValue());
        Network network = Models.network(session, modelName, model, spec.findOption("--weights").getValue(),
                spec.findOption("--seed").<Long>getValue());
        RunContext context = new RunContext(session, network);
        AnalysisResult result;
        try {
            result = plugin.plugin().run(new AnalysisRequest(inputs, options), context);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ZfnetException("plugin " + plugin.id() + " (" + plugin.bundle() + ") failed: " + e, e);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", model.name());
        settings.put("weights", network.weightsSource());
        settings.put("backend", network.backend().info().name());
        settings.put("inputs", inputs == null ? 0 : inputs.size());
        settings.putAll(options);
        String command = "zfnet " + String.join(" ", args);
        ResultWriter.write(outputs, plugin.id(), result, settings, command);
        session.out.println("wrote " + (result.arrays().size() + result.figures().size() + result.texts().size() + 2)
                + " files to "
                + outputs.dir() + " (open " + outputs.dir().resolve("index.html") + ")");
        return 0;
    }
}
