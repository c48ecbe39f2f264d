package org.zfnet.api.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradients of a loss through {@link ComputeBackend#linear}.
 *
 * @param input   {@code [N, in]}
 * @param weights {@code [out, in]}
 * @param bias    {@code [out]}
 */
public record LinearGradients(INDArray input, INDArray weights, INDArray bias) {
}
