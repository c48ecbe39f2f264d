package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zfnet}: the root of the command line. The launcher consumes {@code --backend},
 * {@code --verbose} and {@code --plugins} before the container starts; they are declared here so
 * that {@code --help} documents them.
 */
@Command(name = "zfnet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"A workbench for seeing inside convolutional networks "
                + "(Zeiler & Fergus, Visualizing and Understanding Convolutional Networks, arXiv 1311.2901)."},
        subcommands = CommandLine.HelpCommand.class,
        footer = {"", "Exit codes: 0 done, 1 failed, 2 bad input (unknown option, missing file, bad value, "
                + "unusable backend)."})
final class RootCommand implements Callable<Integer> {

    @Option(names = "--backend", paramLabel = "cpu|cuda|auto",
            description = "Compute backend for this run; auto takes CUDA when usable, else CPU "
                    + "(default: backend= in conf/zfnet.properties, else auto).")
    String backend;

    @Option(names = {"-v", "--verbose"}, description = "Say which backend is active and log what the container does.")
    boolean verbose;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder watched for third-party plugin bundles (default: plugins/ of the distribution).")
    Path plugins;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
