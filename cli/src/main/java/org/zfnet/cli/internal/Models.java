package org.zfnet.cli.internal;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.osgi.framework.ServiceReference;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ModelProvider;
import org.zfnet.api.model.NetworkFactory;

/** {@code --model NAME|SPEC.json|MODEL.onnx} and {@code --weights}: from the command line to a network. */
final class Models {

    /** What {@code --model} takes, for the options' help. */
    static final String LABEL = "NAME|SPEC.json|MODEL.onnx";
    /** What {@code --model} is, for the options' help. */
    static final String HELP = "Built-in model, spec file or ONNX model file";
    /** What {@code --weights} is, for the options' help. */
    static final String WEIGHTS_HELP = "Weights (.safetensors, .npz or PyTorch's .pth/.pt state dict; PyTorch names); "
            + "default: those in the .onnx file or those the model ships, else seeded random ones";

    private Models() {
    }

    /** The models the container's bundles provide, by name. */
    static Map<String, ServiceReference<ModelProvider>> providers(Session session) {
        Map<String, ServiceReference<ModelProvider>> byName = new TreeMap<>();
        for (ServiceReference<ModelProvider> ref : session.references(ModelProvider.class, null)) {
            Object name = ref.getProperty(ModelProvider.MODEL_PROPERTY);
            if (name != null) {
                byName.putIfAbsent(name.toString(), ref);
            }
        }
        return byName;
    }

    /** A built-in model's spec, or the spec of a {@code .json} spec file or an {@code .onnx} model file. */
    static ModelSpec spec(Session session, String model) {
        Map<String, ServiceReference<ModelProvider>> providers = providers(session);
        ServiceReference<ModelProvider> ref = providers.get(model);
        if (ref != null) {
            return session.get(ref).spec();
        }
        Path file = Path.of(model);
        boolean named = isSpec(model) || isOnnx(model);
        if (named && Files.isRegularFile(file)) {
            return session.service(NetworkFactory.class).readSpec(file);
        }
        String choices = "a built-in model (" + String.join(", ", providers.keySet())
                + "), a spec .json file or an .onnx file";
        if (named || Files.exists(file)) {
            throw new InvalidInputException("--model " + model + ": " + (!Files.exists(file) ? "no such file"
                    : Files.isDirectory(file) ? "is a folder" : !named ? "neither a .json spec nor an .onnx file"
                    : "not a regular file") + "; --model takes " + choices);
        }
        throw new InvalidInputException("unknown model '" + model + "'; --model takes " + choices);
    }

    /**
     * The spec of {@code --model}, with the class names of {@code --labels} and the preprocessing of
     * {@code --preprocess} when given.
     */
    static ModelSpec spec(Session session, AnalysisRunner.ModelChoice choice) {
        ModelSpec spec = spec(session, choice.name());
        List<String> labels = spec.labels();
        if (choice.labels() != null) {
            List<LayerSummary> layers = session.service(NetworkFactory.class).summarize(spec);
            List<Integer> output = layers.get(layers.size() - 1).outputShape();
            if (output.size() != 1) {
                throw new InvalidInputException("--labels: model " + spec.name() + " does not end in class scores (its "
                        + "output is " + output + ")");
            }
            labels = LabelsFile.read(choice.labels(), output.get(0), spec.name());
        }
        Preprocessing preprocessing = choice.preprocess() == null ? spec.preprocessing()
                : PreprocessOption.parse(choice.preprocess(), spec);
        return new ModelSpec(spec.name(), spec.description(), spec.input(), preprocessing, labels, spec.layers());
    }

    /**
     * The network with the given weights; else the weights in its {@code .onnx} file or those its model ships; else
     * seeded random weights (said on standard error). Served from the container's {@link NetworkCache}, loaded only
     * when it holds no such network: close the lease when done, never the network.
     */
    static NetworkCache.Lease network(Session session, String model, ModelSpec spec, Path weights, long seed) {
        if (weights != null) {
            return network(session, spec, weights);
        }
        if (isOnnx(model) && !providers(session).containsKey(model)) {
            return network(session, spec, Path.of(model));
        }
        NetworkFactory factory = session.service(NetworkFactory.class);
        ComputeBackend backend = session.backend();
        ServiceReference<ModelProvider> ref = providers(session).get(model);
        Optional<URL> shipped = ref == null ? Optional.empty() : session.get(ref).weights();
        if (shipped.isPresent()) {
            return session.networks().acquire(new Identity(spec, shipped.get().toString(), backend), NO_VERSION,
                    () -> factory.load(spec, shipped.get(), backend));
        }
        NetworkCache.Lease lease = session.networks().acquire(new Identity(spec, "random seed " + seed, backend),
                NO_VERSION, () -> factory.random(spec, seed, backend));
        session.err.println("zfnet: no --weights given: " + spec.name() + " uses " + lease.network().weightsSource());
        return lease;
    }

    /** The network with the weights of a file, from the cache while the file has not changed since it was read. */
    static NetworkCache.Lease network(Session session, ModelSpec spec, Path weights) {
        NetworkFactory factory = session.service(NetworkFactory.class);
        ComputeBackend backend = session.backend();
        Path file = weights.toAbsolutePath().normalize();
        return session.networks().acquire(new Identity(spec, file.toString(), backend), FileStamp.of(file),
                () -> factory.load(spec, weights, backend));
    }

    /** What makes two loaded networks the same: the spec, where the weights come from, the backend they run on. */
    private record Identity(ModelSpec spec, String weights, ComputeBackend backend) {
    }

    /** The version of weights that do not change while the container runs: shipped ones, seeded random ones. */
    private static final String NO_VERSION = "";

    private static boolean isSpec(String model) {
        return model.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static boolean isOnnx(String model) {
        return model.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }
}
