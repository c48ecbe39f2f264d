package org.zfnet.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One layer of a {@link ModelSpec}. Which fields apply depends on {@code type}; the others stay null.
 *
 * <ul>
 * <li>{@code conv}: {@code name}, {@code out} filters, {@code kernel}, {@code stride} (1), {@code pad} (0)</li>
 * <li>{@code relu}: nothing</li>
 * <li>{@code maxpool}: {@code name}, {@code kernel}, {@code stride}, {@code ceil} (false)</li>
 * <li>{@code lrn}: {@code name}, {@code size}, {@code alpha}, {@code beta}, {@code k} (PyTorch LocalResponseNorm)</li>
 * <li>{@code dropout}: {@code p}</li>
 * <li>{@code linear}: {@code name}, {@code out} features; the input is flattened in C, H, W order</li>
 * <li>{@code softmax}: {@code name}</li>
 * </ul>
 * Names of {@code conv} and {@code linear} layers name their parameters ({@code conv1.weight},
 * {@code conv1.bias}) and their tap, which is taken after the ReLU that follows them, if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerSpec(String type, String name, Integer out, Integer kernel, Integer stride, Integer pad,
        Boolean ceil, Integer size, Double alpha, Double beta, Double k, Double p) {

    public static LayerSpec conv(String name, int out, int kernel, int stride, int pad) {
        return new LayerSpec("conv", name, out, kernel, stride, pad, null, null, null, null, null, null);
    }

    public static LayerSpec relu() {
        return new LayerSpec("relu", null, null, null, null, null, null, null, null, null, null, null);
    }

    public static LayerSpec maxpool(String name, int kernel, int stride, boolean ceil) {
        return new LayerSpec("maxpool", name, null, kernel, stride, null, ceil, null, null, null, null, null);
    }

    public static LayerSpec lrn(String name, int size, double alpha, double beta, double k) {
        return new LayerSpec("lrn", name, null, null, null, null, null, size, alpha, beta, k, null);
    }

    public static LayerSpec dropout(double p) {
        return new LayerSpec("dropout", null, null, null, null, null, null, null, null, null, null, p);
    }

    public static LayerSpec linear(String name, int out) {
        return new LayerSpec("linear", name, out, null, null, null, null, null, null, null, null, null);
    }

    public static LayerSpec softmax(String name) {
        return new LayerSpec("softmax", name, null, null, null, null, null, null, null, null, null, null);
    }
}
