package org.zfnet.model.internal.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.formats.FloatArray;
import org.zfnet.model.internal.onnx.OnnxGraph.Activation;

/**
 * The ONNX operators the importer takes, each mapped to zfnet layers in one method here; geometry in
 * {@link OnnxWindows}. A node becomes one layer named as the node, except a node {@link OnnxFolding} evaluates
 * (shape arithmetic on constants: a value, no layer), {@code MatMul} followed by an {@code Add} of a constant (one
 * {@code linear} layer, named as the Add) and {@code ReduceMean} without keepdims (a {@code globalavgpool} layer
 * named {@code <node>_pool} and a {@code flatten} named as the node).
 */
final class OnnxOperators {

    private static final Map<String, BiConsumer<OnnxNode, OnnxGraph>> TABLE = new TreeMap<>();

    static {
        TABLE.put("Conv", OnnxOperators::conv);
        TABLE.put("BatchNormalization", OnnxOperators::batchNorm);
        TABLE.put("Relu", (n, g) -> simple(n, g, "relu"));
        TABLE.put("Clip", OnnxOperators::clip);
        TABLE.put("MaxPool", OnnxOperators::maxPool);
        TABLE.put("AveragePool", OnnxOperators::averagePool);
        TABLE.put("GlobalAveragePool", (n, g) -> simple(n, g, "globalavgpool"));
        TABLE.put("Pad", OnnxOperators::pad);
        TABLE.put("LRN", OnnxOperators::lrn);
        TABLE.put("Add", OnnxOperators::add);
        TABLE.put("Concat", OnnxOperators::concat);
        TABLE.put("Flatten", OnnxOperators::flatten);
        TABLE.put("Reshape", OnnxOperators::reshape);
        TABLE.put("Gemm", OnnxOperators::gemm);
        TABLE.put("MatMul", OnnxOperators::matMul);
        TABLE.put("Dropout", OnnxOperators::dropout);
        TABLE.put("Softmax", OnnxOperators::softmax);
        TABLE.put("Identity", (n, g) -> simple(n, g, "identity"));
        TABLE.put("ReduceMean", OnnxOperators::reduceMean);
    }

    private OnnxOperators() {
    }

    /**
     * Maps one node into the graph (evaluated where {@link OnnxFolding} can), or refuses it naming the node, its
     * operator and what is supported.
     */
    static void map(OnnxNode node, OnnxGraph graph) {
        String domain = node.proto.getDomain();
        boolean onnx = domain.isEmpty() || domain.equals("ai.onnx");
        if (onnx && OnnxFolding.fold(node, graph)) {
            return;
        }
        BiConsumer<OnnxNode, OnnxGraph> op = onnx ? TABLE.get(node.op()) : null;
        if (op == null && onnx && OnnxFolding.operators().contains(node.op())) {
            for (int i = 0; i < node.inputCount(); i++) {
                if (!node.input(i).isEmpty() && !graph.isConstant(node.input(i))) {
                    graph.activation(node, i); // refuses an input no earlier node computes
                    throw node.refuse("input " + i + " '" + node.input(i) + "' is a layer's output, not a constant: "
                            + node.op() + " is evaluated on constants and shapes only (shape arithmetic)");
                }
            }
        }
        if (op == null) {
            Set<String> supported = new TreeSet<>(TABLE.keySet());
            supported.addAll(OnnxFolding.operators());
            throw node.refuse("operator " + (domain.isEmpty() ? "" : domain + ":") + node.op() + " is not supported "
                    + "(supported: " + String.join(", ", supported) + ")");
        }
        op.accept(node, graph);
    }

    /** A layer of {@code type} without fields, on the node's one input. */
    private static void simple(OnnxNode n, OnnxGraph g, String type) {
        n.onlyAttributes();
        g.add(n, n.output(), LayerSpec.of(type, n.name), List.of(g.activation(n, 0)));
    }

    private static void conv(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad");
        Activation x = g.activation(n, 0);
        FloatArray w = g.floats(n, 1, "the weights");
        long[] s = w.shape();
        if (s.length != 4) {
            throw n.refuse("weights of shape " + Arrays.toString(s) + ": only 2-D convolutions are supported");
        }
        int[] kernel = n.ints("kernel_shape", 2, new int[] {(int) s[2], (int) s[3]});
        if (kernel[0] != s[2] || kernel[1] != s[3]) {
            throw n.refuse("kernel_shape " + Arrays.toString(kernel) + " differs from the weights' " + Arrays.toString(s));
        }
        int k = OnnxWindows.square(n, "kernel", kernel);
        int stride = OnnxWindows.square(n, "strides", n.ints("strides", 2, new int[] {1, 1}));
        int dilation = OnnxWindows.square(n, "dilations", n.ints("dilations", 2, new int[] {1, 1}));
        int group = n.smallInt("group", 1);
        boolean bias = !n.input(2).isEmpty();
        LayerSpec layer = OnnxWindows.window(LayerSpec.of("conv", n.name), k, stride,
                OnnxWindows.pads(n, x.shape(), k, stride, dilation))
                .with((int) s[0], group == 1 ? null : group, dilation == 1 ? null : dilation, bias ? null : false, null,
                        null, null);
        String name = g.add(n, n.output(), layer, List.of(x));
        g.parameter(name, "weight", w);
        if (bias) {
            g.parameter(name, "bias", g.floats(n, 2, "the bias"));
        }
    }

    private static void batchNorm(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("epsilon", "momentum", "training_mode");
        if (n.integer("training_mode", 0) != 0 || g.used(n.proto.getOutputCount() > 1 ? n.proto.getOutput(1) : "")) {
            throw n.refuse("batch normalisation in training mode is not supported (export the model in eval mode)");
        }
        LayerSpec layer = LayerSpec.of("batchnorm", n.name).with(null, null, null, null, null, null,
                decimal(n.real("epsilon", 1e-5f)));
        String name = g.add(n, n.output(), layer, List.of(g.activation(n, 0)));
        String[] parameters = {"weight", "bias", "running_mean", "running_var"};
        for (int i = 0; i < parameters.length; i++) {
            g.parameter(name, parameters[i], g.floats(n, i + 1, "the " + parameters[i]));
        }
    }

    /** Clip to [0, 6] is ReLU6, to [0, no maximum] ReLU; the bounds are inputs 1 and 2 (opset 11 on). */
    private static void clip(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes();
        Float min = n.input(1).isEmpty() ? null : scalar(n, g, 1, "min");
        Float max = n.input(2).isEmpty() ? null : scalar(n, g, 2, "max");
        String type = min != null && min == 0f && max == null ? "relu"
                : min != null && min == 0f && max != null && max == 6f ? "relu6" : null;
        if (type == null) {
            throw n.refuse("Clip to [" + (min == null ? "-inf" : min) + ", " + (max == null ? "inf" : max) + "] is not "
                    + "supported (only [0, 6] as ReLU6 and [0, inf] as ReLU)");
        }
        g.add(n, n.output(), LayerSpec.of(type, n.name), List.of(g.activation(n, 0)));
    }

    private static void maxPool(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("kernel_shape", "strides", "pads", "ceil_mode", "dilations", "auto_pad", "storage_order");
        if (g.used(n.proto.getOutputCount() > 1 ? n.proto.getOutput(1) : "")) {
            throw n.refuse("the indices output of MaxPool is not supported");
        }
        pool(n, g, "maxpool", null);
    }

    private static void averagePool(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("kernel_shape", "strides", "pads", "ceil_mode", "count_include_pad", "auto_pad");
        pool(n, g, "avgpool", n.integer("count_include_pad", 0) != 0);
    }

    private static void pool(OnnxNode n, OnnxGraph g, String type, Boolean countPad) {
        Activation x = g.activation(n, 0);
        if (!n.has("kernel_shape")) {
            throw n.refuse("has no kernel_shape");
        }
        int k = OnnxWindows.square(n, "kernel", n.ints("kernel_shape", 2, null));
        int stride = OnnxWindows.square(n, "strides", n.ints("strides", 2, new int[] {1, 1}));
        if (OnnxWindows.square(n, "dilations", n.ints("dilations", 2, new int[] {1, 1})) != 1) {
            throw n.refuse("dilated pooling is not supported");
        }
        int[] pads = OnnxWindows.pads(n, x.shape(), k, stride, 1);
        boolean padded = Arrays.stream(pads).anyMatch(p -> p != 0);
        LayerSpec layer = OnnxWindows.window(LayerSpec.of(type, n.name), k, stride, pads).with(null, null, null,
                null, n.integer("ceil_mode", 0) != 0 ? true : null, padded && countPad != null ? countPad : null, null);
        g.add(n, n.output(), layer, List.of(x));
    }

    /** Zeros around the maps only: pads {@code [0, 0, top, left, 0, 0, bottom, right]}, constant mode, value 0. */
    private static void pad(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("mode");
        if (!n.text("mode", "constant").equals("constant")) {
            throw n.refuse("mode '" + n.text("mode", "") + "' is not supported (only constant zeros)");
        }
        Activation x = g.activation(n, 0);
        long[] p = g.longs(n, 1, "the pads");
        if (!n.input(2).isEmpty() && scalar(n, g, 2, "constant_value") != 0f) {
            throw n.refuse("padding with a value other than 0 is not supported");
        }
        if (n.inputCount() > 3 && !n.input(3).isEmpty()) {
            throw n.refuse("the axes input is not supported");
        }
        if (p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0
                || Arrays.stream(p).anyMatch(v -> v < 0 || v > Integer.MAX_VALUE)) {
            throw n.refuse("pads " + Arrays.toString(p) + ": only zero padding of the height and width of a "
                    + "[N, C, H, W] map is supported");
        }
        g.add(n, n.output(), LayerSpec.of("pad", n.name).withWindow(null, null, null,
                List.of((int) p[2], (int) p[3], (int) p[6], (int) p[7])), List.of(x));
    }

    private static void lrn(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("size", "alpha", "beta", "bias");
        if (!n.has("size")) {
            throw n.refuse("has no size");
        }
        g.add(n, n.output(), LayerSpec.lrn(n.name, n.smallInt("size", 0), decimal(n.real("alpha", 1e-4f)),
                decimal(n.real("beta", 0.75f)), decimal(n.real("bias", 1f))), List.of(g.activation(n, 0)));
    }

    private static void add(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes();
        if (g.absorbed(n)) {
            return;
        }
        if (n.inputCount() != 2 || g.isConstant(n.input(0)) || g.isConstant(n.input(1))) {
            throw n.refuse("only the sum of two layer outputs is supported (a constant is added only as the bias after "
                    + "MatMul)");
        }
        g.add(n, n.output(), LayerSpec.of("add", n.name), List.of(g.activation(n, 0), g.activation(n, 1)));
    }

    private static void concat(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("axis");
        List<Activation> from = new ArrayList<>();
        for (int i = 0; i < n.inputCount(); i++) {
            from.add(g.activation(n, i));
        }
        OnnxWindows.requireAxisOne(n, n.integer("axis", 1), from.get(0).shape().length + 1);
        // torch.cat of one tensor (DenseNet's first layer of each block) is that tensor
        g.add(n, n.output(), LayerSpec.of(from.size() == 1 ? "identity" : "concat", n.name), from);
    }

    private static void flatten(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("axis");
        Activation x = g.activation(n, 0);
        OnnxWindows.requireAxisOne(n, n.integer("axis", 1), x.shape().length + 1);
        g.add(n, n.output(), LayerSpec.of("flatten", n.name), List.of(x));
    }

    /**
     * Reshape to {@code [N, -1]} or {@code [N, C * H * W]}, a flatten: N the batch (the batch size the file declares,
     * or the dynamic one as {@code x.size(0)} gives it), 0 (the input's), or -1 beside the feature count.
     */
    private static void reshape(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("allowzero");
        Activation x = g.activation(n, 0);
        OnnxValue target = g.value(n, 1, "the shape");
        long[] shape = target.longsOrBatch(g.where(n, 1, "the shape"));
        long features = Arrays.stream(x.shape()).reduce(1, (a, b) -> a * b);
        boolean batch = shape.length == 2 && (target.batch()[0] || g.batch() > 0 && shape[0] == g.batch()
                || shape[0] == 0 && n.integer("allowzero", 0) == 0);
        boolean flat = shape.length == 2 && !target.batch()[1]
                && (batch && (shape[1] == -1 || shape[1] == features) || shape[0] == -1 && shape[1] == features);
        if (!flat) {
            throw n.refuse("Reshape of " + Arrays.toString(x.shape()) + " to " + target.text() + " is not "
                    + "supported (only flattening, to [N, -1] or [N, " + features + "])");
        }
        g.add(n, n.output(), LayerSpec.of("flatten", n.name), List.of(x));
    }

    /**
     * The mean over the height and width ({@code x.mean((2, 3))}): a {@code globalavgpool}, flattened unless
     * keepdims.
     */
    private static void reduceMean(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("axes", "keepdims");
        Activation x = g.activation(n, 0);
        int[] axes = n.ints("axes", -1, new int[0]);
        int rank = x.shape().length + 1;
        boolean spatial = rank == 4 && axes.length == 2;
        for (int a : axes) {
            spatial &= a == 2 || a == 3 || a == -1 || a == -2;
        }
        if (!spatial || OnnxIndexing.axis(n, axes[0], rank) == OnnxIndexing.axis(n, axes[1], rank)) {
            throw n.refuse("the mean over axes " + Arrays.toString(axes) + " of a rank-" + rank + " tensor is not "
                    + "supported (only over the height and width, axes 2 and 3, of [N, C, H, W])");
        }
        if (n.integer("keepdims", 1) != 0) {
            g.add(n, n.output(), LayerSpec.of("globalavgpool", n.name), List.of(x));
            return;
        }
        String pool = n.name + "_pool";
        g.add(n, n.output() + "#pool", LayerSpec.of("globalavgpool", pool), List.of(x));
        g.add(n, n.output(), LayerSpec.of("flatten", n.name), List.of(g.activation(n.output() + "#pool")));
    }

    /** alpha A B' + beta C (B' = B or its transpose) as a linear layer: weights alpha B', bias beta C. */
    private static void gemm(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("alpha", "beta", "transA", "transB");
        if (n.integer("transA", 0) != 0) {
            throw n.refuse("transA = 1 is not supported");
        }
        Activation x = g.activation(n, 0);
        FloatArray w = linearWeights(n, x, g.floats(n, 1, "B"), n.integer("transB", 0) != 0,
                n.real("alpha", 1f));
        FloatArray bias = n.input(2).isEmpty() ? null : linearBias(n, g.floats(n, 2, "C"),
                (int) w.shape()[0], n.real("beta", 1f));
        linear(n, g, n.name, n.output(), x, w, bias);
    }

    /** MatMul by a constant [in, out], with the Add of a constant after it (its only reader) as the bias. */
    private static void matMul(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes();
        Activation x = g.activation(n, 0);
        FloatArray w = linearWeights(n, x, g.floats(n, 1, "B"), false, 1f);
        List<OnnxNode> readers = g.consumers(n.output());
        if (readers.size() == 1 && readers.get(0).op().equals("Add") && !g.isGraphOutput(n.output())) {
            OnnxNode add = readers.get(0);
            int other = add.input(0).equals(n.output()) ? 1 : 0;
            if (add.inputCount() == 2 && g.isConstant(add.input(other))) {
                add.onlyAttributes();
                FloatArray bias = linearBias(add, g.floats(add, other, "the bias"), (int) w.shape()[0], 1f);
                g.absorb(add);
                linear(add, g, add.name, add.output(), x, w, bias);
                return;
            }
        }
        linear(n, g, n.name, n.output(), x, w, null);
    }

    private static void linear(OnnxNode n, OnnxGraph g, String name, String output, Activation x, FloatArray w,
            FloatArray bias) {
        LayerSpec layer = LayerSpec.linear(name, (int) w.shape()[0]).with(null, null, null, bias == null ? false : null,
                null, null, null);
        g.add(n, output, layer, List.of(x));
        g.parameter(name, "weight", w);
        if (bias != null) {
            g.parameter(name, "bias", bias);
        }
    }

    /** Dropout, the identity at inference; its ratio an attribute (before opset 12) or input 1. */
    private static void dropout(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("ratio", "seed");
        if (g.used(n.proto.getOutputCount() > 1 ? n.proto.getOutput(1) : "")) {
            throw n.refuse("the mask output of Dropout is not supported");
        }
        if (!n.input(2).isEmpty()) {
            throw n.refuse("Dropout with a training_mode input is not supported (export the model in eval mode)");
        }
        double p = n.input(1).isEmpty() ? decimal(n.real("ratio", 0.5f)) : decimal(scalar(n, g, 1, "ratio"));
        g.add(n, n.output(), new LayerSpec("dropout", n.name, null, null, null, null, null, null, null, null, null, p),
                List.of(g.activation(n, 0)));
    }

    /** Softmax over the features of {@code [N, K]}. */
    private static void softmax(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("axis");
        Activation x = g.activation(n, 0);
        OnnxWindows.requireAxisOne(n, n.integer("axis", g.opset >= 13 ? -1 : 1), x.shape().length + 1);
        g.add(n, n.output(), LayerSpec.softmax(n.name), List.of(x));
    }

    /** Weights {@code [out, in]} of a linear layer on features {@code [in]}: alpha B, transposed unless transB. */
    private static FloatArray linearWeights(OnnxNode n, Activation x, FloatArray b, boolean transB, float alpha) {
        long[] s = b.shape();
        if (x.shape().length != 1 || s.length != 2 || s[transB ? 1 : 0] != x.shape()[0]) {
            throw n.refuse("multiplies features " + Arrays.toString(x.shape()) + " by B of shape " + Arrays.toString(s)
                    + (transB ? " transposed" : "") + ": only [N, in] by a constant [in, out] is supported");
        }
        int rows = (int) s[0];
        int cols = (int) s[1];
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[transB ? r * cols + c : c * rows + r] = alpha * b.data()[r * cols + c];
            }
        }
        return new FloatArray(transB ? new long[] {rows, cols} : new long[] {cols, rows}, w);
    }

    /** A bias of {@code out} values, beta C, from C of shape [out], [1, out] or one value. */
    private static FloatArray linearBias(OnnxNode n, FloatArray c, int out, float beta) {
        float[] v = c.data();
        boolean one = v.length == 1;
        if (!one && (v.length != out || c.shape()[c.shape().length - 1] != out)) {
            throw n.refuse("bias of shape " + c.shapeText() + " does not broadcast to " + out + " outputs");
        }
        float[] bias = new float[out];
        for (int i = 0; i < out; i++) {
            bias[i] = beta * v[one ? 0 : i];
        }
        return new FloatArray(new long[] {out}, bias);
    }

    /** A one-value constant input as a float. */
    private static float scalar(OnnxNode n, OnnxGraph g, int i, String what) {
        FloatArray v = g.floats(n, i, what);
        if (v.data().length != 1) {
            throw n.refuse(what + " should be one value, has shape " + v.shapeText());
        }
        return v.data()[0];
    }

    /** A float attribute as the decimal it was written as (1e-5f as 1e-5, not 9.99999974737875e-6). */
    private static double decimal(float v) {
        return Double.parseDouble(Float.toString(v));
    }
}
