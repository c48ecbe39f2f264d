package org.zfnet.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options every {@code zfnet analyze <plugin>} takes besides the plugin's own, declared here only: each plugin's
 * subcommand gets them from {@link #addTo}, and {@code zfnet analyze --help} lists them from {@link #help}, so the two
 * cannot drift apart.
 */
final class AnalysisOptions {

    private AnalysisOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(option("--model", String.class, AnalyzeCommand.DEFAULT_MODEL, Models.HELP + " (default: "
                + AnalyzeCommand.DEFAULT_MODEL + ")")
                .paramLabel(Models.LABEL).build());
        spec.addOption(option("--weights", Path.class, null, Models.WEIGHTS_HELP).paramLabel("FILE").build());
        spec.addOption(option("--seed", Long.class, "1", "Seed of random weights (default: 1)").paramLabel("N").build());
        spec.addOption(option("--labels", Path.class, null, NetworkOptions.LABELS_HELP).paramLabel("FILE").build());
        spec.addOption(option("--preprocess", String.class, null, NetworkOptions.PREPROCESS_HELP).paramLabel("SPEC")
                .build());
        spec.addOption(option("--input", Path[].class, null,
                "Images (.png/.jpg), folders of them, or .npy batches (several: one batch, in the order given)")
                .arity("1..*").paramLabel("PATH").build());
        spec.addOption(option("--out", Path.class, null, "Output folder").required(true).paramLabel("DIR").build());
        spec.addOption(option("--timeout", String.class, "0", "Cancel the run after this long and write nothing: "
                + "500ms, 30s, 5m, 1h (default: 0, no limit)").paramLabel("DURATION").build());
    }

    /** The options as {@code --help} lists them: one per line, with their help. */
    static String help(CommandLine.Help.ColorScheme colors) {
        CommandSpec spec = CommandSpec.create();
        addTo(spec);
        return new CommandLine.Help(spec, colors).optionList();
    }

    static OptionSpec.Builder option(String name, Class<?> type, String defaultValue, String help) {
        OptionSpec.Builder b = OptionSpec.builder(name).type(type).description(help);
        if (defaultValue != null) {
            b.defaultValue(defaultValue);
        }
        return b;
    }
}
