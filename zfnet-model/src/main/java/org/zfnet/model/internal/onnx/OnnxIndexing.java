package org.zfnet.model.internal.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The operators of constant folding ({@link OnnxFolding}) that move values without computing with them: Gather,
 * Unsqueeze, Squeeze, Concat, Slice, Transpose and Reshape of small constants, as ONNX defines them (negative axes and
 * indices from the end, Slice's bounds clamped); the dynamic batch size moves along. Each result is made by
 * {@link OnnxValue#select} from the flat index of every output value.
 */
final class OnnxIndexing {

    private OnnxIndexing() {
    }

    /** Gather along {@code axis}: shape {@code data[:axis] + indices + data[axis+1:]}, negative indices from the end. */
    static OnnxValue gather(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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
    static OnnxValue unsqueeze(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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
    static OnnxValue squeeze(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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

    static OnnxValue concat(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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
    static OnnxValue slice(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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
            // an empty axis stays empty (its clamped start, 0, lies beyond its clamped end only for a negative step)
            long count = dim == 0 ? 0 : s > 0 ? (e > b ? (e - b - 1) / s + 1 : 0) : (b > e ? (b - e - 1) / -s + 1 : 0);
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

    static OnnxValue transpose(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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
    static OnnxValue reshape(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
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
    static long clamp(long v, long dim, long lo, long hi) {
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
