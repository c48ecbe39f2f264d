package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.OptionSpec;
import org.zfnet.api.analysis.OptionType;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec.Builder;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code zfnet analyze <plugin>}: one subcommand per analysis plugin found in the container, with the
 * {@link AnalysisOptions} every analysis takes and the plugin's own, read from its {@link OptionSpec}s.
 */
final class AnalyzeCommand {

    static final String DEFAULT_MODEL = "zfnet-mini";
    private static final String SHARED_OPTIONS = "sharedOptions";

    private AnalyzeCommand() {
    }

    static CommandLine build(Session session, List<String> args) {
        CommandSpec analyze = CommandSpec.wrapWithoutInspection(new Analyses());
        analyze.name("analyze");
        UsageMessageSpec usage = analyze.usageMessage();
        usage.description("Run an analysis plugin on a network and inputs; results go to --out as "
                + ".npy, PNG, report.json and index.html.");
        usage.synopsisSubcommandLabel("ANALYSIS [OPTIONS]");
        usage.commandListHeading("%nAnalyses (the installed plugins; 'zfnet analyze <analysis> --help' for one's own "
                + "options):%n");
        List<String> sections = new ArrayList<>(usage.sectionKeys());
        sections.add(sections.indexOf(UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1, SHARED_OPTIONS);
        usage.sectionKeys(sections);
        usage.sectionMap().put(SHARED_OPTIONS, help -> String.format("%nOptions of every analysis (given after its "
                + "name):%n") + AnalysisOptions.help(help.colorScheme()));
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
        UsageMessageSpec usage = spec.usageMessage();
        usage.description(plugin.description(), "Plugin bundle: " + plugin.bundle() + " " + plugin.version());
        AnalysisOptions.addTo(spec);
        for (OptionSpec o : plugin.plugin().options()) {
            if (o.name().equals("help") || spec.findOption("--" + o.name()) != null) {
                throw new ZfnetException("it declares the reserved option --" + o.name());
            }
            Builder b = AnalysisOptions.option("--" + o.name(), type(o), o.type() == OptionType.FLAG ? null : o.defaultValue(),
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

    /** {@code zfnet analyze} without an analysis. */
    static final class Analyses implements Callable<Integer> {
        static final String MISSING = "missing analysis; 'zfnet plugins' lists them";

        @Override
        public Integer call() {
            throw new InvalidInputException(MISSING);
        }
    }

    /** The line for an analysis no plugin has, with the closest installed one. */
    static String unknownPlugin(String id, Collection<String> installed) {
        return "no analysis plugin '" + id + "'" + Suggestions.didYouMean(id, installed) + "; 'zfnet plugins' lists them";
    }

    private static Class<?> type(OptionSpec o) {
        return switch (o.type()) {
            case INT -> Integer.class;
            case FLOAT -> Double.class;
            case FLAG -> boolean.class;
            default -> String.class;
        };
    }

    /**
     * One {@code zfnet analyze <plugin>} command line as read: the plugin, where the network comes from, the inputs,
     * the plugin's options given (by name, without dashes), the output folder and the time limit.
     */
    record Parsed(PluginEntry plugin, AnalysisRunner.ModelChoice model, List<Path> inputs, Map<String, String> given,
            Path out, Timeout timeout) {

        static Parsed of(PluginEntry plugin, CommandSpec spec) {
            Map<String, String> given = new LinkedHashMap<>();
            for (OptionSpec o : plugin.plugin().options()) {
                Object value = spec.findOption("--" + o.name()).getValue();
                if (value != null) {
                    given.put(o.name(), value instanceof String[] words ? String.join(" ", words) : value.toString());
                }
            }
            Path[] inputs = spec.findOption("--input").getValue();
            return new Parsed(plugin, new AnalysisRunner.ModelChoice(spec.findOption("--model").getValue(),
                    spec.findOption("--weights").getValue(), spec.findOption("--seed").<Long>getValue(),
                    spec.findOption("--labels").getValue(), spec.findOption("--preprocess").getValue()),
                    inputs == null ? List.of() : List.of(inputs), given, spec.findOption("--out").getValue(),
                    Timeout.parse(spec.findOption("--timeout").getValue()));
        }
    }

    /**
     * Reads {@code args} ({@code <plugin> [options]}, without {@code analyze}) as {@code zfnet analyze} does, without
     * running anything.
     *
     * @throws InvalidInputException an unknown plugin, option or value: one line saying so
     */
    static Parsed parse(Session session, List<String> args) {
        if (args.isEmpty()) {
            throw new InvalidInputException(Analyses.MISSING);
        }
        if (session.plugins().find(args.get(0)).isEmpty()) {
            throw new InvalidInputException(unknownPlugin(args.get(0),
                    session.plugins().list().stream().map(PluginEntry::id).toList()));
        }
        CommandLine line = build(session, args);
        line.setUnmatchedOptionsAllowedAsOptionParameters(false);
        CommandLine.ParseResult parsed;
        try {
            parsed = line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidInputException(UsageError.describe(e));
        }
        return Parsed.of(session.plugins().find(args.get(0)).orElseThrow(), parsed.subcommand().commandSpec());
    }

    private static Integer run(Session session, PluginEntry plugin, CommandSpec spec, List<String> args) {
        session.plugins().shadowed().stream().filter(s -> s.id().equals(plugin.id()))
                .forEach(s -> session.err.println("zfnet: note: not running " + s.bundle() + ": " + s.reason()));
        Parsed p = Parsed.of(plugin, spec);
        AnalysisRunner.Written written = AnalysisRunner.run(session, plugin, p.model(), p.inputs(), p.given(), p.out(),
                "zfnet " + String.join(" ", args), p.timeout());
        Path dir = written.outputs().dir();
        session.out.println("wrote " + written.files() + " files to " + dir + " (open " + dir.resolve("index.html") + ")");
        return 0;
    }
}
