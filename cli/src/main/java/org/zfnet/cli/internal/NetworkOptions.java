package org.zfnet.cli.internal;

import java.nio.file.Path;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import picocli.CommandLine.Option;

/** {@code --model}, {@code --weights}, {@code --seed}: the options of every command that runs a network. */
final class NetworkOptions {

    @Option(names = "--model", defaultValue = AnalyzeCommand.DEFAULT_MODEL, paramLabel = Models.LABEL,
            description = Models.HELP + " (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = Models.WEIGHTS_HELP + ".")
    Path weights;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    ModelSpec spec(Session session) {
        return Models.spec(session, model);
    }

    Network network(Session session, ModelSpec spec) {
        return Models.network(session, model, spec, weights, seed);
    }
}
