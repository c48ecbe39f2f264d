package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;

/**
 * A {@link ModelSpec} checked layer by layer: every layer's output shape (in {@link #summary}), the
 * parameters it needs, its multiply-adds, and the named taps. Problems are reported naming the layer and the numbers.
 */
final class CompiledSpec {

    static final List<String> TYPES = List.of("conv", "relu", "maxpool", "lrn", "dropout", "linear", "softmax");

    final ModelSpec spec;
    final List<LayerSummary> summary = new ArrayList<>();
    /** Parameter name to shape, in layer order (weight before bias). */
    final Map<String, long[]> parameters = new LinkedHashMap<>();
    /** Tap name to the index of the layer whose output it is, in layer order. */
    final Map<String, Integer> taps = new LinkedHashMap<>();

    private CompiledSpec(ModelSpec spec) {
        this.spec = spec;
    }

    static CompiledSpec of(ModelSpec spec) {
        CompiledSpec c = new CompiledSpec(spec);
        c.compile();
        return c;
    }

    private void compile() {
        if (spec.name() == null || spec.name().isBlank()) {
            throw new InvalidInputException("model spec has no name");
        }
        List<Integer> input = spec.input();
        if (input.size() != 3 || input.stream().anyMatch(d -> d == null || d < 1)) {
            throw new InvalidInputException("model '" + spec.name() + "': input must be [C, H, W] with positive "
                    + "extents, got " + input);
        }
        if (spec.layers().isEmpty()) {
            throw new InvalidInputException("model '" + spec.name() + "' has no layers");
        }
        long[] shape = input.stream().mapToLong(Integer::longValue).toArray();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            String where = where(i, layer);
            checkFields(layer, where);
            if (layer.name() != null && !names.add(layer.name())) {
                throw new InvalidInputException(where + ": the name '" + layer.name() + "' is used twice");
            }
            long params = 0;
            long macs = 0;
            switch (layer.type()) {
                case "conv" -> {
                    long[] in = spatial(shape, where);
                    int k = positive(layer.kernel(), "kernel", where);
                    int stride = layer.stride() == null ? 1 : positive(layer.stride(), "stride", where);
                    int pad = layer.pad() == null ? 0 : nonNegative(layer.pad(), "pad", where);
                    int out = positive(layer.out(), "out", where);
                    int h = extent(in[1], k, stride, pad, where);
                    int w = extent(in[2], k, stride, pad, where);
                    parameters.put(layer.name() + ".weight", new long[] {out, in[0], k, k});
                    parameters.put(layer.name() + ".bias", new long[] {out});
                    params = plusBias(where, product(where, "the parameter count", out, in[0], k, k), out);
                    macs = product(where, "the multiply-add count", out, h, w, in[0], k, k);
                    shape = new long[] {out, h, w};
                }
                case "maxpool" -> {
                    long[] in = spatial(shape, where);
                    PoolGeometry g = new PoolGeometry(positive(layer.kernel(), "kernel", where),
                            positive(layer.stride(), "stride", where), Boolean.TRUE.equals(layer.ceil()));
                    shape = new long[] {in[0], pooled(g, in[1], where), pooled(g, in[2], where)};
                }
                case "lrn" -> {
                    spatial(shape, where);
                    positive(layer.size(), "size", where);
                    for (String f : List.of("alpha", "beta", "k")) {
                        Double v = f.equals("alpha") ? layer.alpha() : f.equals("beta") ? layer.beta() : layer.k();
                        if (v == null || !(v >= 0)) {
                            throw new InvalidInputException(where + ": '" + f + "' must be a number >= 0, got " + v);
                        }
                    }
                }
                case "dropout" -> {
                    if (layer.p() == null || !(layer.p() >= 0 && layer.p() < 1)) {
                        throw new InvalidInputException(where + ": 'p' must be in [0, 1), got " + layer.p());
                    }
                }
                case "linear" -> {
                    long in = product(where, "the input size", shape);
                    int out = positive(layer.out(), "out", where);
                    parameters.put(layer.name() + ".weight", new long[] {out, in});
                    parameters.put(layer.name() + ".bias", new long[] {out});
                    macs = product(where, "the multiply-add count", out, in);
                    params = plusBias(where, macs, out);
                    shape = new long[] {out};
                }
                case "softmax" -> {
                    if (shape.length != 1) {
                        throw new InvalidInputException(where + ": softmax needs features [K], got "
                                + Arrays.toString(shape) + "; put a linear layer before it");
                    }
                }
                default -> { // relu
                }
            }
            summary.add(new LayerSummary(i, layer.name() == null ? "" : layer.name(), layer.type(),
                    Arrays.stream(shape).mapToInt(Math::toIntExact).boxed().toList(), params, macs, ""));
        }
        findTaps();
        taps.forEach((tap, index) -> {
            LayerSummary s = summary.get(index);
            summary.set(index, new LayerSummary(s.index(), s.name(), s.type(), s.outputShape(), s.parameters(),
                    s.macs(), tap));
        });
    }

    /** Named layers are taps; a conv or linear layer's tap is the output of the ReLU right after it. */
    private void findTaps() {
        List<LayerSpec> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (layer.name() == null) {
                continue;
            }
            boolean rectified = (layer.type().equals("conv") || layer.type().equals("linear"))
                    && i + 1 < layers.size() && layers.get(i + 1).type().equals("relu");
            taps.put(layer.name(), rectified ? i + 1 : i);
        }
    }

    /** Fields that a layer type uses, beyond {@code type} and {@code name}. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "conv", Set.of("out", "kernel", "stride", "pad"),
            "relu", Set.of(),
            "maxpool", Set.of("kernel", "stride", "ceil"),
            "lrn", Set.of("size", "alpha", "beta", "k"),
            "dropout", Set.of("p"),
            "linear", Set.of("out"),
            "softmax", Set.of());

    private static void checkFields(LayerSpec layer, String where) {
        if (layer.type() == null || !TYPES.contains(layer.type())) {
            throw new InvalidInputException(where + ": unknown layer type '" + layer.type() + "' (expected "
                    + String.join(", ", TYPES) + ")");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("out", layer.out());
        given.put("kernel", layer.kernel());
        given.put("stride", layer.stride());
        given.put("pad", layer.pad());
        given.put("ceil", layer.ceil());
        given.put("size", layer.size());
        given.put("alpha", layer.alpha());
        given.put("beta", layer.beta());
        given.put("k", layer.k());
        given.put("p", layer.p());
        Set<String> allowed = FIELDS.get(layer.type());
        for (Map.Entry<String, Object> f : given.entrySet()) {
            if (f.getValue() != null && !allowed.contains(f.getKey())) {
                throw new InvalidInputException(where + ": '" + f.getKey() + "' does not apply to " + layer.type()
                        + (allowed.isEmpty() ? "" : " (it takes " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")"));
            }
        }
        boolean needsName = layer.type().equals("conv") || layer.type().equals("linear");
        if (needsName && (layer.name() == null || !layer.name().matches("[A-Za-z][A-Za-z0-9_]*"))) {
            throw new InvalidInputException(where + ": " + layer.type()
                    + " layers need a name made of letters, digits and '_' (it names their parameters)");
        }
    }

    static String where(int index, LayerSpec layer) {
        return "layer " + index + (layer.name() == null ? "" : " '" + layer.name() + "'") + " (" + layer.type() + ")";
    }

    private static long[] spatial(long[] shape, String where) {
        if (shape.length != 3) {
            throw new InvalidInputException(where + ": needs a [C, H, W] input, got features " + Arrays.toString(shape));
        }
        return shape;
    }

    private static int extent(long in, int k, int stride, int pad, String where) {
        if (in + 2L * pad < k) {
            throw new InvalidInputException(where + ": kernel " + k + " does not fit input " + in + " with padding " + pad);
        }
        if (in + 2L * pad > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": input " + in + " with padding " + pad + " is too large");
        }
        return ConvGeometry.outputSize((int) in, k, stride, pad);
    }

    /** The product of sizes, refused when it overflows (only absurd sizes do). */
    private static long product(String where, String what, long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            throw new InvalidInputException(where + ": " + what + " overflows (" + Arrays.stream(factors)
                    .mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(" x ")) + ")");
        }
        return p;
    }

    private static long plusBias(String where, long weights, int out) {
        if (weights > Long.MAX_VALUE - out) {
            throw new InvalidInputException(where + ": the parameter count overflows (" + weights + " + " + out + ")");
        }
        return weights + out;
    }

    private static int pooled(PoolGeometry g, long in, String where) {
        if (in < g.kernel()) {
            throw new InvalidInputException(where + ": pooling window " + g.kernel() + " is larger than input " + in);
        }
        return g.outputSize((int) in);
    }

    private static int positive(Integer v, String field, String where) {
        if (v == null || v < 1) {
            throw new InvalidInputException(where + ": '" + field + "' must be a positive whole number, got " + v);
        }
        return v;
    }

    private static int nonNegative(Integer v, String field, String where) {
        if (v < 0) {
            throw new InvalidInputException(where + ": '" + field + "' must not be negative, got " + v);
        }
        return v;
    }

}
