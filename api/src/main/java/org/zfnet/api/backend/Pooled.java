package org.zfnet.api.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of max pooling.
 *
 * @param output   {@code [N, C, H', W']} float32, the maxima
 * @param switches {@code [N, C, H', W']} int32, where each maximum came from: the row-major index
 *                 {@code y * W + x} in its input plane; on ties the first maximum in row-major order
 */
public record Pooled(INDArray output, INDArray switches) {
}
