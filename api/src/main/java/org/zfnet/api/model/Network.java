package org.zfnet.api.model;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.ModelSpec;

/**
 * A network with its weights, running on a compute backend.
 *
 * <p>Named taps (for ZFNet: {@code conv1 pool1 norm1 conv2 pool2 norm2 conv3 conv4 conv5 pool5 fc6 fc7 fc8
 * prob}) are the outputs that plugins and scripts refer to; {@code convN}, {@code fc6} and {@code fc7}
 * are taken after their ReLU, {@code fc8} are the logits and {@code prob} the softmax.
 *
 * <p>A network holds its parameters (off the Java heap with ND4J: ≈250 MB for ZFNet) until {@link #close()}. Whoever
 * made it closes it: the caller of {@link NetworkFactory#load} or {@link NetworkFactory#random}. The networks an
 * analysis gets from its context belong to the container, which shares them between runs: plugins never close them.
 */
@ProviderType
public interface Network extends AutoCloseable {

    ModelSpec spec();

    /** The backend every layer runs on. */
    ComputeBackend backend();

    /**
     * Runs the network in inference mode (dropout is the identity) on a batch {@code [N, C, H, W]}, keeping
     * every layer's output; pooling switches are found when asked for. Close the trace when done with it.
     */
    ForwardTrace forward(INDArray input);

    /**
     * The forward pass up to and including the layer of {@code tap} (e.g. {@code conv5} for a deconvnet, which
     * needs no fully connected layer); later layers are not computed and not in the trace.
     */
    default ForwardTrace forward(INDArray input, String tap) {
        return forward(input);
    }

    /**
     * As {@link #forward(INDArray, String)}, and with {@code switches} every pooling layer's switches are found during
     * the pass (one pooling kernel call per layer instead of two, for callers that will walk back through them, like a
     * deconvnet).
     */
    default ForwardTrace forward(INDArray input, String tap, boolean switches) {
        return forward(input, tap);
    }

    /** The tap names, in layer order. */
    List<String> taps();

    /** Index of the layer whose output is the tap; fails naming the known taps. */
    int tapLayer(String tap);

    /** Parameters by PyTorch name ({@code conv1.weight} {@code [96, 3, 7, 7]}, ...); owned by the network. */
    Map<String, INDArray> parameters();

    /** Where the weights came from, e.g. a file, or "random He initialisation (seed 1)". */
    String weightsSource();

    /**
     * Whether each position of the tap sees only a window of the input: the tap is a feature map {@code [N, C, H, W]}
     * and no layer on any path below it is dense (fully connected, flatten, softmax, global pooling). Positions,
     * receptive fields and {@link #projectActivations} apply to such taps only (for ZFNet: {@code conv1} to
     * {@code pool5}).
     */
    boolean windowed(String tap);

    /**
     * Walks {@code signal}, a signal at the output of {@code tap} with that output's shape ({@code [N, C, H, W]} or
     * {@code [N, F]}, the whole batch of the trace), down to the network's input by {@code rule}: through every layer
     * of every path below the tap, summed where a layer's output feeds several layers (a residual branch), through an
     * {@code add} to each of its inputs, through a {@code concat} to each input its own channels. Zeiler and Fergus's
     * deconvnet (arXiv 1311.2901, Sec. 2.1) is {@link ProjectionRule#DECONVNET}: unpooling with the forward switches,
     * rectification, the filters transposed.
     *
     * @param trace       a forward pass of this network that reached the tap
     * @param lrnGradient LRN passes its true gradient; otherwise the signal passes LRN unchanged, as in the paper
     * @return the signal at the input, {@code [N, C, H, W]} NCHW, owned by the caller; the signal stays the caller's
     */
    INDArray project(ForwardTrace trace, String tap, INDArray signal, ProjectionRule rule, boolean lrnGradient);

    /**
     * As {@link #project(ForwardTrace, String, INDArray, ProjectionRule, boolean)} for input {@code sample} of the
     * trace alone: {@code signal} has batch size 1 and so has the result, {@code [1, C, H, W]}.
     */
    INDArray project(ForwardTrace trace, int sample, String tap, INDArray signal, ProjectionRule rule,
            boolean lrnGradient);

    /**
     * Projects single activations of a {@link #windowed} tap, one result row each: for row {@code j}, a signal holding
     * only {@code activations.get(j).value()} at its sample, channel and position, walked down as {@link #project}
     * walks it. One activation reaches only its receptive field, so each layer is computed on the window the
     * activation can reach (a fraction of the full walk's arithmetic); the result equals the full walk's. A network
     * whose layers below the tap do not all define their windowed projection is walked in full, row by row, with the
     * same result.
     *
     * @return {@code [activations, C, H, W]} in input space, NCHW, owned by the caller
     */
    INDArray projectActivations(ForwardTrace trace, String tap, List<Activation> activations,
            ProjectionRule rule, boolean lrnGradient);

    /**
     * The input region that the positions {@code box} of a {@link #windowed} tap can see: the box walked down every path
     * by each layer's window geometry (kernel, stride, dilation, padding), the union over paths; in input coordinates,
     * not clipped to the image (it may reach into the padding; {@link Region#clip} cuts it).
     */
    Region receptiveField(String tap, Region box);

    /**
     * The layer graph and its windows, for computing parts of layers from parts of their inputs (exact incremental
     * occlusion).
     */
    PartialForward partialForward();

    /**
     * Frees the parameters. Forward passes and projections of a closed network fail; its spec, taps and weights source
     * stay readable. Closing again does nothing. Traces of the network are closed by their own holders.
     */
    @Override
    void close();
}
