package org.zfnet.api.backend;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.annotation.versioning.ProviderType;
import org.zfnet.api.dto.BackendInfo;

/**
 * The compute kernels of one device: the only place where convolution and pooling happen. Exactly one
 * backend bundle registers this service per JVM, with the service property {@value #BACKEND_PROPERTY}
 * set to {@code cpu} or {@code cuda}.
 *
 * <p>Tensors are float32 in NCHW layout ({@code [batch, channels, height, width]}); fully connected
 * layers use {@code [batch, features]}. Kernels never modify their inputs and return new arrays (the one
 * exception says so: {@link #reluInPlace}). Bad
 * shapes raise {@link org.zfnet.api.InvalidInputException} naming the kernel and the shapes. Results are
 * owned by the caller; they hold native (or device) memory, so close them when done with them in loops.
 *
 * <p>Every backend is held to the same contracts by the conformance kit ({@code backend-conformance}),
 * which compares each kernel with a plain-Java reference.
 */
@ProviderType
public interface ComputeBackend {

    /** Service property naming the backend: {@code cpu} or {@code cuda}. */
    String BACKEND_PROPERTY = "zfnet.backend";

    /** What this backend runs on, for people and for reports. */
    BackendInfo info();

    /**
     * Cross-correlation as in PyTorch's {@code conv2d}.
     *
     * @param input   {@code [N, C, H, W]}
     * @param weights {@code [K, C / groups, kh, kw]} (PyTorch layout, taken as is)
     * @param bias    {@code [K]}, or {@code null} for none
     * @return {@code [N, K, H', W']} with {@code H' = floor((H + padY + padBottom - dilation (kh - 1) - 1) / strideY)
     *         + 1} ({@link ConvGeometry#outputHeight})
     */
    INDArray conv2d(INDArray input, INDArray weights, INDArray bias, ConvGeometry geometry);

    /**
     * Transposed convolution with the same filters: the adjoint of {@link #conv2d} with respect to its
     * input (no bias). This is the deconvnet's filtering step, and the input gradient of a convolution.
     *
     * @param input   {@code [N, K, H', W']}, in the convolution's output space
     * @param weights {@code [K, C / groups, kh, kw]}, the convolution's filters
     * @param height  the exact height {@code H} of the convolution's input (7x7/2 pad 1 maps 110 back to 224)
     * @param width   the exact width {@code W}
     * @return {@code [N, C, height, width]}
     */
    INDArray conv2dTranspose(INDArray input, INDArray weights, ConvGeometry geometry, int height, int width);

    /** Gradients of {@link #conv2d} given the gradient {@code [N, K, H', W']} of its output. */
    ConvGradients conv2dBackward(INDArray input, INDArray weights, INDArray gradOutput, ConvGeometry geometry);

    /** Max pooling over {@code [N, C, H, W]}, keeping the switches (where each maximum came from). */
    Pooled maxPool(INDArray input, PoolGeometry geometry);

    /**
     * The values of {@link #maxPool} alone, for forward passes that may never need the switches (finding where
     * each maximum came from costs more than the maximum itself).
     */
    default INDArray maxPoolValues(INDArray input, PoolGeometry geometry) {
        Pooled pooled = maxPool(input, geometry);
        pooled.switches().close();
        return pooled.output();
    }

    /**
     * Places each value at its switch in a zero plane of {@code height x width}; values of overlapping
     * windows that share a switch are summed. This is the transpose of pooling, which is both Zeiler and
     * Fergus's unpooling and the gradient of max pooling.
     *
     * @param values   {@code [N, C, H', W']} float32
     * @param switches {@code [N, C, H', W']} int32, as returned by {@link #maxPool}
     * @return {@code [N, C, height, width]}
     */
    INDArray unpool(INDArray values, INDArray switches, int height, int width);

    /**
     * Average pooling over {@code [N, C, H, W]} as PyTorch's {@code AvgPool2d}: each window's sum divided by its size
     * within the padded input when {@code countPad}, else by the number of input positions it covers.
     */
    INDArray avgPool(INDArray input, PoolGeometry geometry);

    /**
     * The gradient of {@link #avgPool} (its adjoint): each value of {@code [N, C, H', W']} spread over its window's
     * input positions, divided as the forward pass divided, onto a zero plane of {@code height x width}.
     */
    INDArray avgPoolBackward(INDArray gradOutput, PoolGeometry geometry, int height, int width);

    /** The mean of each plane of {@code [N, C, H, W]}: {@code [N, C, 1, 1]} (PyTorch's {@code AdaptiveAvgPool2d(1)}). */
    INDArray globalAvgPool(INDArray input);

    /** The gradient of {@link #globalAvgPool}: each value of {@code [N, C, 1, 1]} divided by {@code height * width}, over its plane. */
    INDArray globalAvgPoolBackward(INDArray gradOutput, int height, int width);

    /**
     * Batch normalisation in inference mode, as PyTorch's {@code BatchNorm2d} in {@code eval()}: per channel {@code c}
     * of {@code [N, C, H, W]}, {@code (x - mean[c]) / sqrt(variance[c] + eps) * weight[c] + bias[c]}.
     *
     * @param mean     {@code [C]}, the running mean
     * @param variance {@code [C]}, the running variance
     * @param weight   {@code [C]}, the scale (gamma)
     * @param bias     {@code [C]}, the shift (beta)
     */
    INDArray batchNorm(INDArray input, INDArray mean, INDArray variance, INDArray weight, INDArray bias, double eps);

    /**
     * The input gradient of {@link #batchNorm} in inference mode (the statistics are constants): per channel, the
     * gradient times {@code weight[c] / sqrt(variance[c] + eps)}.
     */
    INDArray batchNormBackward(INDArray gradOutput, INDArray variance, INDArray weight, double eps);

    /** {@code max(x, 0)}. */
    INDArray relu(INDArray input);

    /** {@code min(max(x, 0), 6)}, PyTorch's {@code ReLU6}. */
    INDArray relu6(INDArray input);

    /** The incoming gradient where {@code 0 < input < 6}, zero elsewhere (PyTorch's gradient of {@code ReLU6}). */
    INDArray relu6Backward(INDArray input, INDArray gradOutput);

    /**
     * {@code max(x, 0)} written over {@code input}, which the caller owns and needs no more (a convolution's output
     * in a forward pass), and returned; saves allocating and filling a second array of the same size.
     */
    default INDArray reluInPlace(INDArray input) {
        INDArray out = relu(input);
        input.assign(out);
        out.close();
        return input;
    }

    /** The incoming gradient where {@code input > 0}, zero elsewhere. */
    INDArray reluBackward(INDArray input, INDArray gradOutput);

    /** Local response normalisation across the channels of {@code [N, C, H, W]}. */
    INDArray lrn(INDArray input, LrnSpec spec);

    /** Gradient of {@link #lrn} with respect to its input, given the gradient of its output. */
    INDArray lrnBackward(INDArray input, INDArray gradOutput, LrnSpec spec);

    /**
     * Fully connected layer: {@code input . weights^T + bias}.
     *
     * @param input   {@code [N, in]}
     * @param weights {@code [out, in]} (PyTorch layout)
     * @param bias    {@code [out]}, or {@code null}
     * @return {@code [N, out]}
     */
    INDArray linear(INDArray input, INDArray weights, INDArray bias);

    /** Gradients of {@link #linear} given the gradient {@code [N, out]} of its output. */
    LinearGradients linearBackward(INDArray input, INDArray weights, INDArray gradOutput);

    /** Softmax over the features of each row of {@code [N, classes]}. */
    INDArray softmax(INDArray logits);

    /**
     * Inverted dropout for training: each unit is kept with probability {@code 1 - p} and scaled by
     * {@code 1 / (1 - p)}. Unit {@code i} in row-major order is kept when the {@code i}-th
     * {@code nextDouble()} of {@code new java.util.SplittableRandom(seed)} is at least {@code p}, so a
     * seed gives the same mask on every backend.
     */
    Dropped dropout(INDArray input, double p, long seed);
}
