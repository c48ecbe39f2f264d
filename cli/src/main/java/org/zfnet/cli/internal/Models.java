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
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ModelProvider;
import org.zfnet.api.model.Network;
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
     * seeded random weights (said on standard error).
     */
    static Network network(Session session, String model, ModelSpec spec, Path weights, long seed) {
        NetworkFactory factory = session.service(NetworkFactory.class);
        if (weights != null) {
            return factory.load(spec, weights, session.backend());
        }
        if (isOnnx(model) && !providers(session).containsKey(model)) {
            return factory.load(spec, Path.of(model), session.backend());
        }
        ServiceReference<ModelProvider> ref = providers(session).get(model);
        Optional<URL> shipped = ref == null ? Optional.empty() : session.get(ref).weights();
        if (shipped.isPresent()) {
            return factory.load(spec, shipped.get(), session.backend());
        }
        Network network = factory.random(spec, seed, session.backend());
        session.err.println("zfnet: no --weights given: " + spec.name() + " uses " + network.weightsSource());
        return network;
    }

    private static boolean isSpec(String model) {
        return model.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static boolean isOnnx(String model) {
        return model.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }
}
