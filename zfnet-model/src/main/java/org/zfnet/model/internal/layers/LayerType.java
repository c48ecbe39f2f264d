package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * Everything the rest of zfnet asks of one layer type, in one place: the spec fields it takes, its output shape, its
 * parameters and multiply-adds, its forward kernel, its backward (input and parameter gradients), how each projection
 * rule treats it, and its window geometry (which input box an output box needs). The network, training, the backward
 * walks and occlusion ask the type; nobody switches on a type name. Each type is one file of this package, listed in
 * {@link LayerTypes}.
 */
public interface LayerType {

    /** The name a spec uses, e.g. {@code conv}. */
    String type();

    /** The spec fields this type takes, beyond {@code type}, {@code name} and {@code inputs}. */
    Set<String> fields();

    /** Whether the layer has parameters, which its (required) name names: {@code <name>.weight}, ... */
    default boolean hasParameters() {
        return false;
    }

    /**
     * Whether training can take this layer's gradients as they are; false where training would need what the type
     * does not compute (batch normalisation's batch statistics), and the trainer then refuses the network.
     */
    default boolean trainable() {
        return true;
    }

    /** The fewest inputs the layer takes. */
    default int minInputs() {
        return 1;
    }

    /** The most inputs the layer takes. */
    default int maxInputs() {
        return 1;
    }

    /**
     * Checks the layer's fields against its input shapes (one sample's: {@code [C, H, W]} or {@code [F]}) and returns
     * its output shape; fails with an {@link org.zfnet.api.InvalidInputException} starting with {@code where}.
     */
    long[] outputShape(LayerSpec layer, List<long[]> inputs, String where);

    /** Parameter name suffix ({@code weight}, {@code bias}, ...) to shape, in PyTorch's order. */
    default Map<String, long[]> parameters(LayerSpec layer, List<long[]> inputs) {
        return Map.of();
    }

    /** Multiply-adds for one sample; an overflow fails naming {@code where}. */
    default long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return 0;
    }

    /** The layer's output for a batch; a new array, or one of the inputs where the layer changes nothing. */
    INDArray forward(LayerCall call);

    /**
     * Whether the array {@link #forward} returns is new and the layer's own, so that a rectifier that is its only
     * consumer may work in place (a convolution's output).
     */
    default boolean ownsOutput() {
        return false;
    }

    /**
     * The gradient with respect to each input, given the gradient of the output; the gradients of the parameters go
     * into {@code parameters} by suffix when it is not null. An entry may be null where {@code needed[i]} is false.
     */
    List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters);

    /**
     * The signal passed down by a projection rule (Zeiler and Fergus's deconvnet, guided backpropagation, the plain
     * gradient). Only rectifiers, max pooling and LRN treat the rules differently; every other layer passes the
     * gradient.
     */
    default List<INDArray> project(LayerCall call, INDArray output, INDArray signal, ProjectionRule rule, boolean lrnGradient,
            boolean[] needed) {
        return backward(call, output, signal, needed, null);
    }

    /**
     * The box of input {@code input} that output box {@code box} depends on, for a layer whose output and inputs are
     * feature maps; in the input's coordinates, possibly reaching past its edges (padding).
     */
    Region inputBox(LayerSpec layer, int input, Region box);

    /**
     * The projection of a signal that is nonzero only on a window of the output (a walk from single activations): one
     * window per input, each cut to its input's plane, holding what {@link #project} would give there (it is zero
     * elsewhere). {@code call} and {@code output} are the whole batch's; row {@code j} of the window belongs to input
     * {@code samples[j]}. Null where the type has no windowed form: the walk then projects in full.
     */
    default List<Window> projectWindow(LayerCall call, INDArray output, int[] samples, Window signal,
            ProjectionRule rule, boolean lrnGradient) {
        return null;
    }

    /** Whether each output position depends on the whole input (fully connected, global pooling, softmax). */
    default boolean dense() {
        return false;
    }

    /**
     * How the layer is computed on crops of its inputs (exact incremental occlusion: only the part of each layer that a
     * grey square can change is recomputed): each crop is the {@link #inputBox} of a part of the output, its parts past
     * the input's edges filled with the border value. Empty, the default, for a layer that cannot be computed so (a
     * window whose divisor depends on where it lies, a dense layer); incremental occlusion then computes the network
     * another way, never as if the layer were the identity.
     */
    default Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.empty();
    }
}
