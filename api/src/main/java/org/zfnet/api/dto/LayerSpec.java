package org.zfnet.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One layer of a {@link ModelSpec}. Which fields apply depends on {@code type}; the others stay null. The types and
 * their fields (defaults in parentheses) are defined in the model bundle, one file per type; in short:
 *
 * <ul>
 * <li>{@code conv}: {@code name}, {@code out} filters, {@code kernel}, {@code stride} (1), {@code pad} (0) or
 * {@code pads} [top, left, bottom, right], {@code groups} (1; {@code groups = out = in} is depthwise),
 * {@code dilation} (1), {@code bias} (true)</li>
 * <li>{@code linear}: {@code name}, {@code out} features, {@code bias} (true); the input is flattened in C, H, W
 * order</li>
 * <li>{@code batchnorm}: {@code name}, {@code eps} (1e-5); inference mode, PyTorch's parameters {@code weight},
 * {@code bias}, {@code running_mean}, {@code running_var}</li>
 * <li>{@code maxpool}: {@code name}, {@code kernel}, {@code stride} (the kernel), {@code pad} or {@code pads},
 * {@code ceil} (false)</li>
 * <li>{@code avgpool}: as maxpool, and {@code countPad} (true: padding counts in the divisor, PyTorch's
 * {@code count_include_pad})</li>
 * <li>{@code globalavgpool}, {@code flatten}, {@code relu}, {@code relu6}, {@code identity}, {@code softmax}:
 * nothing</li>
 * <li>{@code pad}: {@code pads}, zeros</li>
 * <li>{@code lrn}: {@code size}, {@code alpha}, {@code beta}, {@code k} (PyTorch LocalResponseNorm)</li>
 * <li>{@code dropout}: {@code p}</li>
 * <li>{@code add} (residual joins, element-wise sum) and {@code concat} (along channels): two or more
 * {@code inputs}</li>
 * </ul>
 * A layer takes the previous layer's output unless {@code inputs} names others: earlier layers by name, or
 * {@code input} for the network's input; a spec without {@code inputs} is a chain. Names may be PyTorch module paths
 * ({@code features.0}, {@code layer1.0.conv1}); those of layers with parameters name them ({@code conv1.weight},
 * {@code conv1.bias}). A named layer is a tap; a {@code conv} or {@code linear} layer's tap is taken after the
 * unnamed ReLU that follows it, if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerSpec(String type, String name, Integer out, Integer kernel, Integer stride, Integer pad,
        Boolean ceil, Integer size, Double alpha, Double beta, Double k, Double p, List<String> inputs,
        List<Integer> pads, Integer groups, Integer dilation, Boolean bias, Double eps, Boolean countPad) {

    public LayerSpec {
        inputs = inputs == null ? null : List.copyOf(inputs);
        pads = pads == null ? null : List.copyOf(pads);
    }

    /** A layer of the first spec format, which had none of the later fields. */
    public LayerSpec(String type, String name, Integer out, Integer kernel, Integer stride, Integer pad,
            Boolean ceil, Integer size, Double alpha, Double beta, Double k, Double p) {
        this(type, name, out, kernel, stride, pad, ceil, size, alpha, beta, k, p, null, null, null, null, null, null,
                null);
    }

    /** A layer of {@code type} named {@code name} with no field set, to build on with the {@code with} methods. */
    public static LayerSpec of(String type, String name) {
        return new LayerSpec(type, name, null, null, null, null, null, null, null, null, null, null);
    }

    /** This layer taking the outputs of the named layers ({@code input} for the network's input). */
    public LayerSpec withInputs(String... names) {
        return new LayerSpec(type, name, out, kernel, stride, pad, ceil, size, alpha, beta, k, p, List.of(names), pads,
                groups, dilation, bias, eps, countPad);
    }

    /**
     * This layer with its window given anew: kernel, stride, and {@code pad} or {@code pads} (a null argument leaves the
     * field unset, e.g. {@code pad} when {@code pads} is given).
     */
    public LayerSpec withWindow(Integer kernel, Integer stride, Integer pad, List<Integer> pads) {
        return new LayerSpec(type, name, out, kernel, stride, pad, ceil, size, alpha, beta, k, p, inputs, pads, groups,
                dilation, bias, eps, countPad);
    }

    /** This layer with the given fields; a null argument keeps the field as it is. */
    public LayerSpec with(Integer out, Integer groups, Integer dilation, Boolean bias, Boolean ceil, Boolean countPad,
            Double eps) {
        return new LayerSpec(type, name, or(out, this.out), kernel, stride, pad, or(ceil, this.ceil), size, alpha, beta,
                k, p, inputs, pads, or(groups, this.groups), or(dilation, this.dilation), or(bias, this.bias),
                or(eps, this.eps), or(countPad, this.countPad));
    }

    private static <T> T or(T given, T kept) {
        return given != null ? given : kept;
    }

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
