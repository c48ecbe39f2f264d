package org.zfnet.api.model;

/**
 * One activation of a feature-map tap {@code [N, C, H, W]} to walk back from: {@code value} at channel
 * {@code channel}, row {@code y}, column {@code x} of input {@code sample} of a forward trace.
 */
public record Activation(int sample, int channel, int y, int x, float value) {
}
