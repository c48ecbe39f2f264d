package org.zfnet.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.analysis.FileNames;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.NetworkFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zfnet model import}: a model as a spec file and safetensors weights, {@code DIR/<name>.json} and
 * {@code DIR/<name>.safetensors}, so that a team keeps it as a reviewed spec; written like every output (staged, then
 * moved into place; {@code DIR} must be new, empty or an earlier zfnet output).
 */
@Command(name = "import", description = {"Write a model as a spec file and its "
        + "weights: DIR/<name>.json and DIR/<name>.safetensors.", "--model DIR/<name>.json --weights "
        + "DIR/<name>.safetensors then gives the same network."})
final class ModelImport implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = Models.LABEL,
            description = "The model: an ONNX file (graph and weights), a spec file or a built-in model.")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = Models.WEIGHTS_HELP + ".")
    Path weights;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    private final Session session;

    ModelImport(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        ModelSpec spec = Models.spec(session, model);
        NetworkFactory factory = session.service(NetworkFactory.class);
        String name = FileNames.safe(spec.name());
        long parameters;
        String weightsSource;
        try (NetworkCache.Lease lease = Models.network(session, model, spec, weights, seed);
                Outputs outputs = new Outputs(out)) {
            Network network = lease.network();
            factory.writeSpec(spec, outputs.dir().resolve(name + ".json"));
            factory.save(network, outputs.dir().resolve(name + ".safetensors"));
            outputs.publish();
            parameters = network.parameters().values().stream().mapToLong(INDArray::length).sum();
            weightsSource = network.weightsSource();
        }
        Path specFile = out.resolve(name + ".json");
        Path weightsFile = out.resolve(name + ".safetensors");
        session.out.printf(Locale.ROOT, "wrote %s (%d layers, %s) and %s (%,d parameters, %s) from %s%n", specFile,
                spec.layers().size(), size(specFile), weightsFile, parameters, size(weightsFile), weightsSource);
        session.out.println("use them with: --model " + DemoCommand.quote(specFile.toString()) + " --weights "
                + DemoCommand.quote(weightsFile.toString()));
        return 0;
    }

    /** A file's size in kB or MB. */
    private static String size(Path file) {
        try {
            long bytes = Files.size(file);
            return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                    : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        } catch (IOException e) {
            return "size unknown";
        }
    }
}
