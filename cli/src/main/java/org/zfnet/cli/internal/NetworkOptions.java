package org.zfnet.cli.internal;

import java.nio.file.Path;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import picocli.CommandLine.Option;

/** {@code --model}, {@code --weights}, {@code --seed}: the options of every command that runs a network. */
final class NetworkOptions {

    @Option(names = "--model", defaultValue = AnalyzeCommand.DEFAULT_MODEL, paramLabel = "NAME|SPEC.json",
            description = "Built-in model or spec file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights (.safetensors, .npz or PyTorch's .pth/.pt state dict, PyTorch names); "
            + "without it, seeded random weights.")
    Path weights;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    ModelSpec spec(Session session) {
        return Models.spec(session, model);
    }

    Network network(Session session, ModelSpec spec) {
        return Models.network(session, model, spec, weights, seed);
    }
}
