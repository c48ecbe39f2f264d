package org.zfnet.api.model;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;

/**
 * Builds networks from specs and weights, and reads and writes both. Provided by the model bundle.
 * The caller chooses the backend a network runs on (normally the container's {@link ComputeBackend}), and closes
 * the networks it gets ({@link Network#close()}).
 */
@ProviderType
public interface NetworkFactory {

    /** Reads and validates a spec from JSON; unknown fields and shapes that do not compose are refused. */
    ModelSpec readSpec(Path json);

    /** Writes a spec as JSON (atomically). */
    void writeSpec(ModelSpec spec, Path json);

    /**
     * Checks that the layers compose and returns one row per layer: output shape, parameters, MACs.
     * Fails naming the layer and the numbers when they do not.
     */
    List<LayerSummary> summarize(ModelSpec spec);

    /**
     * A network with weights from a file: safetensors ({@code .safetensors}), NumPy ({@code .npz}) or a PyTorch
     * {@code torch.save(model.state_dict())} file ({@code .pth}/{@code .pt}, read without running anything in it),
     * with PyTorch names and layouts. Missing, extra or wrongly-shaped tensors are refused by name; BatchNorm's
     * {@code num_batches_tracked} counters are ignored.
     */
    Network load(ModelSpec spec, Path weights, ComputeBackend backend);

    /** A network with weights from a resource, e.g. those a {@link ModelProvider} ships (safetensors). */
    Network load(ModelSpec spec, java.net.URL weights, ComputeBackend backend);

    /** A network with seeded random weights: He initialisation, zero biases. */
    Network random(ModelSpec spec, long seed, ComputeBackend backend);

    /** Writes the network's parameters as float32 safetensors (atomically). */
    void save(Network network, Path safetensors);
}
