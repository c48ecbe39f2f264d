package org.zfnet.api.dto;

import java.util.List;

/**
 * One row of a model summary.
 *
 * @param index       position in the spec's layer list
 * @param name        layer name (or tap), may be empty
 * @param type        layer type
 * @param outputShape output shape for one input, {@code [C, H, W]} or {@code [features]}
 * @param parameters  weights and biases
 * @param macs        multiply-adds for one input (convolutions and linear layers)
 * @param tap         the tap taken at this layer's output, or empty
 */
public record LayerSummary(int index, String name, String type, List<Integer> outputShape, long parameters, long macs,
        String tap) {
}
