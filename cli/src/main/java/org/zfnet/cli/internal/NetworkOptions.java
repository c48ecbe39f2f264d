package org.zfnet.cli.internal;

import java.nio.file.Path;
import org.zfnet.api.dto.ModelSpec;
import picocli.CommandLine.Option;

/**
 * {@code --model}, {@code --weights}, {@code --seed}, {@code --labels}, {@code --preprocess}: the options of every
 * command that runs a network.
 */
final class NetworkOptions {

    static final String LABELS_HELP = "Class names, one a line, in place of the model's (as many as it has outputs).";
    static final String PREPROCESS_HELP = "How images become inputs, in place of the model's way: "
            + PreprocessOption.HELP + " (imagenet: resize 256, centre crop 224, ImageNet mean and std).";

    @Option(names = "--model", defaultValue = AnalyzeCommand.DEFAULT_MODEL, paramLabel = Models.LABEL,
            description = Models.HELP + " (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = Models.WEIGHTS_HELP + ".")
    Path weights;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--labels", paramLabel = "FILE", description = LABELS_HELP)
    Path labels;

    @Option(names = "--preprocess", paramLabel = "SPEC", description = PREPROCESS_HELP)
    String preprocess;

    AnalysisRunner.ModelChoice choice() {
        return new AnalysisRunner.ModelChoice(model, weights, seed, labels, preprocess);
    }

    ModelSpec spec(Session session) {
        return Models.spec(session, choice());
    }

    /** The network from the container's cache: close the lease when done. */
    NetworkCache.Lease network(Session session, ModelSpec spec) {
        return Models.network(session, model, spec, weights, seed);
    }
}
