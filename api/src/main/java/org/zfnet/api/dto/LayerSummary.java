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
 * @param inputs      what the layer takes: earlier layers by name ({@code #index} for unnamed ones), {@code input}
 *                    for the network's input; empty when not known
 */
public record LayerSummary(int index, String name, String type, List<Integer> outputShape, long parameters, long macs,
        String tap, List<String> inputs) {

    public LayerSummary {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** A row without its inputs (a chain's layer takes the one before it). */
    public LayerSummary(int index, String name, String type, List<Integer> outputShape, long parameters, long macs,
            String tap) {
        this(index, name, type, outputShape, parameters, macs, tap, List.of());
    }
}
