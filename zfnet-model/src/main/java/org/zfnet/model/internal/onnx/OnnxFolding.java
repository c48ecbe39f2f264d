package org.zfnet.model.internal.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.zfnet.model.internal.onnx.OnnxGraph.Activation;

/**
 * Constant folding: the shape arithmetic {@code torch.onnx.export} writes for ordinary user code
 * ({@code x.view(x.size(0), -1)}: Shape, Gather, Unsqueeze, Concat; {@code F.pad} and {@code nn.ZeroPad2d}:
 * ConstantOfShape, Concat, Reshape, Slice, Transpose, Cast) evaluated at import time, so that the values reach the
 * layer mappings of {@link OnnxOperators} (Reshape's target shape, Pad's pads) as constants. A node is evaluated when
 * every input is a constant (an initializer, a Constant node's value or a value evaluated before), or, for Shape,
 * a layer's output (whose shape the importer knows; the batch size, where dynamic, stays a symbol that can be moved
 * but not computed with). Values stay small ({@link OnnxValue#MAX_ELEMENTS}); arithmetic is in {@link OnnxArithmetic}.
 */
final class OnnxFolding {

    /** Evaluates a node on its inputs' values (absent optional inputs as null). */
    private interface Evaluator {
        OnnxValue apply(OnnxNode n, OnnxGraph g, List<OnnxValue> in);
    }

    private static final Map<String, Evaluator> TABLE = new TreeMap<>();

    static {
        TABLE.put("Gather", OnnxFolding::gather);
        TABLE.put("Unsqueeze", OnnxFolding::unsqueeze);
        TABLE.put("Squeeze", OnnxFolding::squeeze);
        TABLE.put("Concat", OnnxFolding::concat);
        TABLE.put("Slice", OnnxFolding::slice);
        TABLE.put("Transpose", OnnxFolding::transpose);
        TABLE.put("Reshape", OnnxFolding::reshape);
        TABLE.put("Cast", OnnxArithmetic::cast);
        TABLE.put("ConstantOfShape", OnnxArithmetic::constantOfShape);
        TABLE.put("Range", OnnxArithmetic::range);
        TABLE.put("Add", OnnxArithmetic::binary);
        TABLE.put("Sub", OnnxArithmetic::binary);
        TABLE.put("Mul", OnnxArithmetic::binary);
        TABLE.put("Div", OnnxArithmetic::binary);
    }

    /** Operators only ever evaluated (never a layer): Shape and Constant besides those of the table. */
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
        int start = (int) clamp(n.integer("start", 0), rank, 0, rank);
        int end = (int) clamp(n.integer("end", rank), rank, 0, rank);
        int count = Math.max(0, end - start);
        return new OnnxValue(new long[] {count}, Arrays.copyOfRange(dims, start, start + count), null,
                Arrays.copyOfRange(batch, start, start + count));
    }

    /** Gather along {@code axis}: shape {@code data[:axis] + indices + data[axis+1:]}, negative indices from the end. */
    private static OnnxValue gather(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("axis");
        OnnxValue data = in.get(0);
        int axis = axis(n, n.integer("axis", 0), data.rank());
        long[] indices = indices(n, in, 1, "the indices");
        long extent = data.shape()[axis];
        for (int i = 0; i < indices.length; i++) {
            long k = indices[i] < 0 ? indices[i] + extent : indices[i];
            if (k < 0 || k >= extent) {
                throw n.refuse("index " + indices[i] + " is out of range for an axis of " + extent);
            }
            indices[i] = k;
        }
        long[] ishape = in.get(1).shape();
        long[] out = concat(Arrays.copyOfRange(data.shape(), 0, axis), ishape,
                Arrays.copyOfRange(data.shape(), axis + 1, data.rank()));
        int[] strides = strides(data.shape());
        int[] istrides = strides(ishape);
        return data.select(indexMap(n, out, pos -> {
            int source = 0;
            for (int d = 0; d < axis; d++) {
                source += pos[d] * strides[d];
            }
            int flat = 0;
            for (int d = 0; d < ishape.length; d++) {
                flat += pos[axis + d] * istrides[d];
            }
            source += (int) indices[flat] * strides[axis];
            for (int d = axis + 1; d < data.rank(); d++) {
                source += pos[d - 1 + ishape.length] * strides[d];
            }
            return source;
        }), out);
    }

    /** Axes of extent 1 inserted (the axes an attribute before opset 13, input 1 from it). */
    private static OnnxValue unsqueeze(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        long[] axes = axes(n, g, in);
        if (axes == null) {
            throw n.refuse("has no axes");
        }
        int rank = in.get(0).rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int k = axis(n, a, rank);
            if (inserted[k]) {
                throw n.refuse("axis " + a + " is given twice");
            }
            inserted[k] = true;
        }
        long[] out = new long[rank];
        for (int d = 0, from = 0; d < rank; d++) {
            out[d] = inserted[d] ? 1 : in.get(0).shape()[from++];
        }
        return in.get(0).reshaped(out);
    }

    /** Axes of extent 1 removed: those given, or every one. */
    private static OnnxValue squeeze(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        long[] axes = axes(n, g, in);
        long[] shape = in.get(0).shape();
        boolean[] removed = new boolean[shape.length];
        if (axes == null) {
            for (int d = 0; d < shape.length; d++) {
                removed[d] = shape[d] == 1;
            }
        }
        for (long a : axes == null ? new long[0] : axes) {
            int k = axis(n, a, shape.length);
            if (shape[k] != 1) {
                throw n.refuse("axis " + a + " of " + Arrays.toString(shape) + " is not of extent 1");
            }
            removed[k] = true;
        }
        long[] out = new long[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!removed[d]) {
                out[rank++] = shape[d];
            }
        }
        return in.get(0).reshaped(Arrays.copyOf(out, rank));
    }

    private static OnnxValue concat(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("axis");
        if (!n.has("axis") || in.isEmpty() || in.contains(null)) {
            throw n.refuse("needs an axis and its inputs");
        }
        OnnxValue first = in.get(0);
        int axis = axis(n, n.integer("axis", 0), first.rank());
        long total = 0;
        for (OnnxValue v : in) {
            if (v.rank() != first.rank() || v.isFloat() != first.isFloat()) {
                throw n.refuse("joins tensors of different ranks or types");
            }
            for (int d = 0; d < v.rank(); d++) {
                if (d != axis && v.shape()[d] != first.shape()[d]) {
                    throw n.refuse("joins shapes " + Arrays.toString(first.shape()) + " and "
                            + Arrays.toString(v.shape()) + " along axis " + axis);
                }
            }
            total += v.shape()[axis];
        }
        long[] out = first.shape().clone();
        out[axis] = total;
        OnnxValue.count(out, n.name);
        // every input in turn as one tensor: the flat values of all, then each output position picks its own
        OnnxValue all = joined(in);
        int[] offsets = new int[in.size()];
        long[] starts = new long[in.size()];
        for (int i = 1; i < in.size(); i++) {
            offsets[i] = offsets[i - 1] + in.get(i - 1).size();
            starts[i] = starts[i - 1] + in.get(i - 1).shape()[axis];
        }
        return all.select(indexMap(n, out, pos -> {
            int i = 0;
            while (i + 1 < in.size() && pos[axis] >= starts[i + 1]) {
                i++;
            }
            int[] strides = strides(in.get(i).shape());
            int source = offsets[i];
            for (int d = 0; d < pos.length; d++) {
                source += (d == axis ? pos[d] - (int) starts[i] : pos[d]) * strides[d];
            }
            return source;
        }), out);
    }

    /** Slice from starts to ends (exclusive) by steps, on the axes given or the first ones, clamped as ONNX says. */
    private static OnnxValue slice(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes();
        OnnxValue data = in.get(0);
        long[] starts = indices(n, in, 1, "the starts");
        long[] ends = indices(n, in, 2, "the ends");
        long[] axes = in.size() > 3 && in.get(3) != null ? indices(n, in, 3, "the axes") : null;
        long[] steps = in.size() > 4 && in.get(4) != null ? indices(n, in, 4, "the steps") : null;
        int rank = data.rank();
        if (ends.length != starts.length || axes != null && axes.length != starts.length
                || steps != null && steps.length != starts.length) {
            throw n.refuse("starts, ends, axes and steps differ in length");
        }
        long[] first = new long[rank];
        long[] step = new long[rank];
        long[] out = data.shape().clone();
        Arrays.fill(step, 1);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < starts.length; i++) {
            int a = axis(n, axes == null ? i : axes[i], rank);
            if (seen[a]) {
                throw n.refuse("axis " + a + " is sliced twice");
            }
            seen[a] = true;
            long s = steps == null ? 1 : steps[i];
            if (s == 0) {
                throw n.refuse("a step of 0");
            }
            long dim = data.shape()[a];
            long b = s > 0 ? clamp(starts[i], dim, 0, dim) : clamp(starts[i], dim, 0, dim - 1);
            long e = s > 0 ? clamp(ends[i], dim, 0, dim) : clamp(ends[i], dim, -1, dim - 1);
            long count = s > 0 ? (e > b ? (e - b - 1) / s + 1 : 0) : (b > e ? (b - e - 1) / -s + 1 : 0);
            first[a] = b;
            step[a] = s;
            out[a] = count;
        }
        int[] strides = strides(data.shape());
        return data.select(indexMap(n, out, pos -> {
            int source = 0;
            for (int d = 0; d < rank; d++) {
                source += (int) (first[d] + pos[d] * step[d]) * strides[d];
            }
            return source;
        }), out);
    }

    private static OnnxValue transpose(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("perm");
        OnnxValue data = in.get(0);
        int rank = data.rank();
        int[] reversed = new int[rank];
        for (int d = 0; d < rank; d++) {
            reversed[d] = rank - 1 - d;
        }
        int[] perm = n.ints("perm", rank, reversed);
        boolean[] seen = new boolean[rank];
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            if (perm[d] < 0 || perm[d] >= rank || seen[perm[d]]) {
                throw n.refuse("perm " + Arrays.toString(perm) + " is no permutation of " + rank + " axes");
            }
            seen[perm[d]] = true;
            out[d] = data.shape()[perm[d]];
        }
        int[] strides = strides(data.shape());
        return data.select(indexMap(n, out, pos -> {
            int source = 0;
            for (int d = 0; d < rank; d++) {
                source += pos[d] * strides[perm[d]];
            }
            return source;
        }), out);
    }

    /** A constant reshaped: 0 keeps the input's extent (unless allowzero), -1 takes what is left. */
    private static OnnxValue reshape(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("allowzero");
        OnnxValue data = in.get(0);
        long[] target = indices(n, in, 1, "the shape");
        int inferred = -1;
        long known = 1; // the product of the other extents, capped past MAX_ELEMENTS
        for (int d = 0; d < target.length; d++) {
            if (target[d] == 0 && n.integer("allowzero", 0) == 0) {
                if (d >= data.rank()) {
                    throw n.refuse("shape " + Arrays.toString(target) + " copies an extent the input "
                            + Arrays.toString(data.shape()) + " lacks");
                }
                target[d] = data.shape()[d];
            }
            if (target[d] == -1 && inferred < 0) {
                inferred = d;
            } else if (target[d] < 0) {
                throw n.refuse("shape " + Arrays.toString(target) + " is not a shape");
            } else {
                long t = target[d];
                known = t == 0 ? 0 : known > (OnnxValue.MAX_ELEMENTS + 1L) / t ? OnnxValue.MAX_ELEMENTS + 1L : known * t;
            }
        }
        if (inferred >= 0 && known > 0 && data.size() % known == 0) {
            target[inferred] = data.size() / known;
        }
        if (inferred >= 0 && target[inferred] == -1 || inferred < 0 && known != data.size()) {
            throw n.refuse("cannot reshape " + Arrays.toString(data.shape()) + " to " + Arrays.toString(target));
        }
        return data.reshaped(target);
    }

    /** Input {@code i} as integers (not the batch size): indices, axes, a shape. */
    static long[] indices(OnnxNode n, List<OnnxValue> in, int i, String what) {
        if (i >= in.size() || in.get(i) == null) {
            throw n.refuse("has no " + what.replaceFirst("^the ", ""));
        }
        return in.get(i).longs(n.where(what + " '" + n.input(i) + "'")).clone();
    }

    /** The axes of Squeeze and Unsqueeze: an attribute before opset 13, input 1 from it; null where none. */
    private static long[] axes(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("axes");
        if (n.has("axes")) {
            return Arrays.stream(n.ints("axes", -1, null)).asLongStream().toArray();
        }
        return in.size() > 1 && in.get(1) != null ? indices(n, in, 1, "the axes") : null;
    }

    /** An axis of a rank-{@code rank} tensor, negative ones from the end. */
    static int axis(OnnxNode n, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw n.refuse("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** An index counted from the end when negative, then clamped to [lo, hi]. */
    private static long clamp(long v, long dim, long lo, long hi) {
        long k = v < 0 ? v + dim : v;
        return Math.max(lo, Math.min(hi, k));
    }

    /** Row-major strides of a shape of at most {@link OnnxValue#MAX_ELEMENTS} values. */
    static int[] strides(long[] shape) {
        int[] s = new int[shape.length];
        int step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= (int) Math.max(1, shape[d]);
        }
        return s;
    }

    /** For every position of a tensor of {@code shape}, row-major, the flat index {@code source} gives for it. */
    static int[] indexMap(OnnxNode n, long[] shape, ToIntFunction<int[]> source) {
        int[] map = new int[OnnxValue.count(shape, n.where("the result"))];
        int[] pos = new int[shape.length];
        for (int i = 0; i < map.length; i++) {
            map[i] = source.applyAsInt(pos);
            for (int d = shape.length - 1; d >= 0 && ++pos[d] == shape[d]; d--) {
                pos[d] = 0;
            }
        }
        return map;
    }

    private static long[] concat(long[]... parts) {
        return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
    }

    /** The values of several tensors of one type, one after the other, as one flat tensor. */
    private static OnnxValue joined(List<OnnxValue> in) {
        int total = in.stream().mapToInt(OnnxValue::size).sum();
        boolean[] batch = new boolean[total];
        long[] ints = in.get(0).isFloat() ? null : new long[total];
        float[] floats = in.get(0).isFloat() ? new float[total] : null;
        int at = 0;
        for (OnnxValue v : in) {
            System.arraycopy(v.batch(), 0, batch, at, v.size());
            if (ints != null) {
                System.arraycopy(v.ints(), 0, ints, at, v.size());
            } else {
                System.arraycopy(v.floats(), 0, floats, at, v.size());
            }
            at += v.size();
        }
        return new OnnxValue(new long[] {total}, ints, floats, batch);
    }
}
