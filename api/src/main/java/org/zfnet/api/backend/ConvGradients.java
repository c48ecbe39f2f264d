package org.zfnet.api.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a loss through {@link ComputeBackend#conv2d}.
 *
 * @param input   {@code [N, C, H, W]}, with respect to the convolution's input
 * @param weights {@code [K, C, kh, kw]}, with respect to the filters
 * @param bias    {@code [K]}, with respect to the bias
 */
public record ConvGradients(INDArray input, INDArray weights, INDArray bias) {
}
