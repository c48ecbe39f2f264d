package org.zfnet.api.backend;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of (inverted) dropout.
 *
 * @param output {@code input * mask}
 * @param mask   same shape as the input: {@code 0} where a unit was dropped, {@code 1 / (1 - p)} where kept;
 *               the backward pass multiplies the incoming gradient by it
 */
public record Dropped(INDArray output, INDArray mask) {
}
