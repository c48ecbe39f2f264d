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
 */
@ProviderType
public interface Network {

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
     * The layer graph and its windows, for computing parts of layers from parts of their inputs (exact incremental
     * occlusion).
     */
    PartialForward partialForward();
}
