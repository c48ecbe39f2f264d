package org.zfnet.api.model;

import java.util.List;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A network's layers as a graph, with what it takes to compute part of a layer's output from part of its inputs, as
 * exact incremental occlusion does (only the part of each layer a grey square can change is recomputed). Answered by
 * the layer definitions; a caller never needs a layer's type name.
 *
 * <p>Layers are numbered as in the spec, which lists a layer after its inputs. Regions are of one sample's feature
 * maps ({@code [C, H, W]}: rows and columns); window geometry is separable, rows depending only on rows and columns
 * on columns.
 */
@ProviderType
public interface PartialForward {

    /** The index in {@link #inputs} that stands for the network's input. */
    int NETWORK_INPUT = -1;

    /** The number of layers. */
    int layers();

    /** The layers whose outputs layer {@code layer} takes, in order; {@link #NETWORK_INPUT} for the network's input. */
    int[] inputs(int layer);

    /**
     * Whether each output of the layer depends on its whole input (fully connected, flatten, global pooling, softmax):
     * a change anywhere in the input changes all of it.
     */
    boolean dense(int layer);

    /**
     * The region of input {@code input} that the output region {@code output} reads, in the input's coordinates; it
     * may reach past the input's edges (padding, a pooling's last partial window). Not for {@link #dense} layers.
     */
    Region inputRegion(int layer, int input, Region output);

    /**
     * The value that {@link #forwardCrops} needs beyond the edges of the layer's inputs (zero for zero padding, minus
     * infinity for max pooling), or empty when the layer cannot be computed from crops (its output then has to be
     * computed whole, or the network another way). Empty for {@link #dense} layers.
     */
    OptionalDouble cropBorder(int layer);

    /**
     * The layer's output for the output region {@code r} of each sample, {@code [N, C, r.height(), r.width()]}, from
     * its inputs' crops {@code [N, C_i, R_i.height(), R_i.width()]}, {@code R_i = inputRegion(layer, i, r)}, whose
     * parts past the inputs' edges hold {@link #cropBorder}. With {@code overwrite} the layer may write into the first
     * crop (a rectifier works in place). The result may be one of the crops (a layer that changes nothing returns its
     * input).
     */
    INDArray forwardCrops(int layer, List<INDArray> crops, boolean overwrite);

    /**
     * The layer's output on its whole inputs {@code [N, ...]}, in inference (dropout is the identity). With
     * {@code overwrite} the layer may write into the first input; the result may be one of the inputs.
     */
    INDArray forwardLayer(int layer, List<INDArray> inputs, boolean overwrite);

    /** Multiply-adds of the whole layer for one sample, as the model summary counts them. */
    long macs(int layer);
}
