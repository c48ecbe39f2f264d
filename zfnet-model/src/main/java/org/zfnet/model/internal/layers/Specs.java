package org.zfnet.model.internal.layers;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.dto.LayerSpec;

/** The checks layer types share on their fields and shapes; each fails naming the layer and the numbers. */
public final class Specs {

    private Specs() {
    }

    public static int positive(Integer v, String field, String where) {
        if (v == null || v < 1) {
            throw new InvalidInputException(where + ": '" + field + "' must be a positive whole number, got " + v);
        }
        return v;
    }

    public static int orDefault(Integer v, int fallback, String field, String where) {
        return v == null ? fallback : positive(v, field, where);
    }

    /** A feature map input {@code [C, H, W]}. */
    public static long[] spatial(long[] shape, String where) {
        if (shape.length != 3) {
            throw new InvalidInputException(where + ": needs a [C, H, W] input, got features " + Arrays.toString(shape));
        }
        return shape;
    }

    /** The one input of a layer that takes one. */
    public static long[] only(List<long[]> inputs) {
        return inputs.get(0);
    }

    /**
     * Zero padding {@code [top, left, bottom, right]}: {@code pads} as given, else {@code pad} on every side (0 when
     * absent); both is an error.
     */
    public static int[] pads(LayerSpec layer, String where) {
        if (layer.pads() != null && layer.pad() != null) {
            throw new InvalidInputException(where + ": give 'pad' or 'pads', not both");
        }
        if (layer.pads() == null) {
            int p = layer.pad() == null ? 0 : layer.pad();
            if (p < 0) {
                throw new InvalidInputException(where + ": 'pad' must not be negative, got " + p);
            }
            return new int[] {p, p, p, p};
        }
        if (layer.pads().size() != 4 || layer.pads().stream().anyMatch(p -> p == null || p < 0)) {
            throw new InvalidInputException(where + ": 'pads' must be [top, left, bottom, right], each at least 0, got "
                    + layer.pads());
        }
        return layer.pads().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The pooling a {@code maxpool} or {@code avgpool} layer declares: its kernel, stride (the kernel when absent),
     * padding, ceil mode and, for average pooling, {@code countPad} (true when absent, as PyTorch).
     */
    public static PoolGeometry poolGeometry(LayerSpec layer, boolean countPad, String where) {
        int k = positive(layer.kernel(), "kernel", where);
        int stride = orDefault(layer.stride(), k, "stride", where);
        List<Integer> pads = Arrays.stream(pads(layer, where)).boxed().toList();
        try {
            return PoolGeometry.padded(k, stride, Boolean.TRUE.equals(layer.ceil()), pads, countPad);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    /** The output shape {@code [C, H', W']} of pooling {@code [C, H, W]}. */
    public static long[] pooled(PoolGeometry g, long[] in, String where) {
        if (in[1] > Integer.MAX_VALUE || in[2] > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": input " + Arrays.toString(in) + " is too large");
        }
        try {
            return new long[] {in[0], g.outputHeight((int) in[1]), g.outputWidth((int) in[2])};
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage());
        }
    }

    /** The product of sizes, refused when it overflows (only absurd sizes do). */
    public static long product(String where, String what, long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            throw new InvalidInputException(where + ": " + what + " overflows (" + Arrays.stream(factors)
                    .mapToObj(Long::toString).collect(Collectors.joining(" x ")) + ")");
        }
        return p;
    }

    /** The parameter count of weights and an optional bias. */
    public static long plusBias(String where, long weights, long bias) {
        if (weights > Long.MAX_VALUE - bias) {
            throw new InvalidInputException(where + ": the parameter count overflows (" + weights + " + " + bias + ")");
        }
        return weights + bias;
    }

    /** Whether a layer with an optional bias has one (true unless {@code bias: false}). */
    public static boolean biased(LayerSpec layer) {
        return !Boolean.FALSE.equals(layer.bias());
    }
}
