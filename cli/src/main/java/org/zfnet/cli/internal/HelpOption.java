package org.zfnet.cli.internal;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for every command below the root. Only {@code zfnet --version} says the version: the version is
 * the same for every command, so the subcommands' help does not carry a {@code -V}.
 */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** Gives every command under {@code root}, at any depth, its own {@code --help}. */
    static void addBelow(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.findOption("--help") == null) {
                spec.addMixin("help", CommandSpec.forAnnotatedObject(new HelpOption()));
            }
            addBelow(sub);
        }
    }
}
