package org.zfnet.model.internal.layers;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;

/** One layer of one pass: what its type's kernels are given. */
public interface LayerCall {

    ComputeBackend backend();

    LayerSpec layer();

    /** The layer's parameter {@code <name>.<suffix>}, or null when the network has none (a layer without bias). */
    INDArray parameter(String suffix);

    /** The layer's inputs, in the order of its {@code inputs}. */
    List<INDArray> inputs();

    default INDArray input() {
        return inputs().get(0);
    }

    /** A training pass (dropout active) rather than inference. */
    boolean training();

    /** The seed of this layer's random draws in this pass (dropout). */
    long seed();

    /** Whether the layer may overwrite its first input: the pass's own array, which nothing else reads. */
    boolean ownsInput();

    /** Whether a max pooling layer should find its switches during the forward pass (a walk will need them). */
    boolean switchesWanted();

    /** Keeps what the layer's backward will need (switches, a dropout mask); the pass frees it with the trace. */
    void keep(INDArray state);

    /** What the forward pass kept, or null. */
    INDArray kept();
}
