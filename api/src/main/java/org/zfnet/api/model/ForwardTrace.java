package org.zfnet.api.model;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.backend.Pooled;

/**
 * Every layer's output of one forward pass, with the pooling switches: what analyses walk through.
 * Arrays belong to the trace; {@link #close()} frees them (the input stays the caller's).
 */
@ProviderType
public interface ForwardTrace extends AutoCloseable {

    Network network();

    /** The batch that went in, {@code [N, C, H, W]}. */
    INDArray input();

    /**
     * Output of layer {@code index} of the spec (0-based), with one exception: a layer whose output only the ReLU
     * right after it reads, and that has no tap of its own (an unnamed layer, or a named one whose tap is taken after
     * that ReLU, as ZFNet's {@code convN}, {@code fc6} and {@code fc7} are), is rectified in place to save memory, so
     * its output here is the ReLU's output, the same array. Every tap is what the network's javadoc says it is (a
     * layer with a tap of its own is never overwritten); for a layer's values before its ReLU, give the ReLU a name
     * in the spec, which gives the layer its own tap.
     */
    INDArray output(int index);

    /**
     * The (first) input of layer {@code index}: in a chain the previous layer's output, or the network input for layer
     * 0; in a graph, the output of the first layer its {@code inputs} name.
     */
    default INDArray inputOf(int index) {
        return index == 0 ? input() : output(index - 1);
    }

    /** Every input of layer {@code index}, in the order of its {@code inputs} (one for all but joins). */
    default List<INDArray> inputsOf(int index) {
        return List.of(inputOf(index));
    }

    /** A named tap's output. */
    default INDArray tap(String name) {
        return output(network().tapLayer(name));
    }

    /** The tap names, in layer order. */
    default List<String> taps() {
        return network().taps();
    }

    /** Values and switches of the max-pooling layer {@code index}. */
    Pooled pooling(int index);

    @Override
    void close();
}
