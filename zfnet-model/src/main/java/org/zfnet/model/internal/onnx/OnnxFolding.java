package org.zfnet.model.internal.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.zfnet.model.internal.onnx.OnnxGraph.Activation;

/**
 * Constant folding: the shape arithmetic {@code torch.onnx.export} writes for ordinary user code
 * ({@code x.view(x.size(0), -1)}: Shape, Gather, Unsqueeze, Concat; {@code F.pad} and {@code nn.ZeroPad2d}:
 * ConstantOfShape, Concat, Reshape, Slice, Transpose, Cast) evaluated at import time, so that the values reach the
 * layer mappings of {@link OnnxOperators} (Reshape's target shape, Pad's pads) as constants. A node is evaluated when
 * every input is a constant (an initializer, a Constant node's value or a value evaluated before), or, for Shape,
 * a layer's output (whose shape the importer knows; the batch size, where dynamic, stays a symbol that can be moved
 * but not computed with). Values stay small ({@link OnnxValue#MAX_ELEMENTS}); the operators that move values are in
 * {@link OnnxIndexing}, those that compute in {@link OnnxArithmetic}.
 */
final class OnnxFolding {

    /** Evaluates a node on its inputs' values (absent optional inputs as null). */
    private interface Evaluator {
        OnnxValue apply(OnnxNode n, OnnxGraph g, List<OnnxValue> in);
    }

    private static final Map<String, Evaluator> TABLE = new TreeMap<>();

    static {
        TABLE.put("Gather", OnnxIndexing::gather);
        TABLE.put("Unsqueeze", OnnxIndexing::unsqueeze);
        TABLE.put("Squeeze", OnnxIndexing::squeeze);
        TABLE.put("Concat", OnnxIndexing::concat);
        TABLE.put("Slice", OnnxIndexing::slice);
        TABLE.put("Transpose", OnnxIndexing::transpose);
        TABLE.put("Reshape", OnnxIndexing::reshape);
        TABLE.put("Cast", OnnxArithmetic::cast);
        TABLE.put("ConstantOfShape", OnnxArithmetic::constantOfShape);
        TABLE.put("Range", OnnxArithmetic::range);
        TABLE.put("Add", OnnxArithmetic::binary);
        TABLE.put("Sub", OnnxArithmetic::binary);
        TABLE.put("Mul", OnnxArithmetic::binary);
        TABLE.put("Div", OnnxArithmetic::binary);
    }

    /**
     * The operators evaluated here: those of the table, Shape and Constant (Identity too, of a constant; Add, Concat
     * and Reshape are layers where an input is a layer's output).
     */
    static Set<String> operators() {
        Set<String> all = new TreeSet<>(TABLE.keySet());
        all.add("Shape");
        all.add("Constant");
        return all;
    }

    private OnnxFolding() {
    }

    /**
     * Evaluates the node if it can be: its output becomes a constant of the graph and true is returned; false where an
     * input is a layer's output (the node is then a layer, or refused).
     */
    static boolean fold(OnnxNode n, OnnxGraph g) {
        switch (n.op()) {
            case "Constant" -> {
                n.onlyAttributes("value", "value_float", "value_floats", "value_int", "value_ints");
                g.constant(n.output(), OnnxTensors.constantValue(n));
                return true;
            }
            case "Identity" -> {
                if (!g.isConstant(n.input(0))) {
                    return false;
                }
                n.onlyAttributes();
                g.alias(n.output(), n.input(0)); // torch 1.13 aliases shared initializers so
                return true;
            }
            case "Shape" -> {
                g.fold(n.output(), shape(n, g));
                return true;
            }
            default -> {
                Evaluator e = TABLE.get(n.op());
                if (e == null) {
                    return false;
                }
                if (n.input(0).isEmpty()) {
                    throw n.refuse("has no input");
                }
                List<OnnxValue> in = new ArrayList<>();
                for (int i = 0; i < n.inputCount(); i++) {
                    if (!n.input(i).isEmpty() && !g.isConstant(n.input(i))) {
                        return false;
                    }
                }
                for (int i = 0; i < n.inputCount(); i++) {
                    in.add(n.input(i).isEmpty() ? null : g.value(n, i, "input " + i));
                }
                g.fold(n.output(), e.apply(n, g, in));
                return true;
            }
        }
    }

    /** {@code [N, C, H, W]} of a layer's output (N the batch, a symbol where dynamic), or a constant's shape. */
    private static OnnxValue shape(OnnxNode n, OnnxGraph g) {
        n.onlyAttributes("start", "end");
        long[] dims;
        boolean[] batch;
        if (g.isConstant(n.input(0))) {
            dims = g.constantShape(n, 0);
            batch = new boolean[dims.length];
        } else {
            Activation x = g.activation(n, 0);
            dims = new long[x.shape().length + 1];
            System.arraycopy(x.shape(), 0, dims, 1, x.shape().length);
            dims[0] = g.batch();
            batch = new boolean[dims.length];
            batch[0] = g.batch() == 0;
        }
        int rank = dims.length;
        int start = (int) OnnxIndexing.clamp(n.integer("start", 0), rank, 0, rank);
        int end = (int) OnnxIndexing.clamp(n.integer("end", rank), rank, 0, rank);
        int count = Math.max(0, end - start);
        return new OnnxValue(new long[] {count}, Arrays.copyOfRange(dims, start, start + count), null,
                Arrays.copyOfRange(batch, start, start + count));
    }
}
