package org.zfnet.model.internal.onnx;

import java.util.Arrays;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.TensorProto.DataType;

/**
 * The arithmetic of constant folding ({@link OnnxFolding}) on small integer and float constants: Cast,
 * ConstantOfShape, Range, and Add, Sub, Mul and Div with NumPy broadcasting (integers wrap as int64 does, integer
 * division truncates toward zero as ONNX Runtime's does). None of them computes with the dynamic batch size.
 */
final class OnnxArithmetic {

    private OnnxArithmetic() {
    }

    /** Cast to int64, int32 (wrapping), bool (0 or 1) or float32; floats to integers truncate toward zero. */
    static OnnxValue cast(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("to");
        OnnxValue x = in.get(0);
        int to = n.smallInt("to", 0);
        int size = x.size();
        switch (to) {
            case DataType.FLOAT_VALUE -> {
                x.requireNoBatch(n.where("Cast to float"));
                float[] f = new float[size];
                for (int i = 0; i < size; i++) {
                    f[i] = x.isFloat() ? x.floats()[i] : x.ints()[i];
                }
                return OnnxValue.floats(x.shape(), f);
            }
            case DataType.INT64_VALUE, DataType.INT32_VALUE, DataType.BOOL_VALUE -> {
                if (to == DataType.BOOL_VALUE || x.isFloat()) {
                    x.requireNoBatch(n.where("Cast to " + DataType.forNumber(to)));
                }
                long[] l = new long[size];
                for (int i = 0; i < size; i++) {
                    long v = x.isFloat() ? (long) x.floats()[i] : x.ints()[i];
                    l[i] = to == DataType.INT32_VALUE ? (int) v : to == DataType.BOOL_VALUE ? (v != 0 ? 1 : 0) : v;
                }
                return new OnnxValue(x.shape(), l, null, x.batch().clone());
            }
            default -> throw n.refuse("Cast to " + (DataType.forNumber(to) == null ? "type " + to
                    : DataType.forNumber(to)) + " is not evaluated (only to int64, int32, bool and float)");
        }
    }

    /** A tensor of the given shape filled with {@code value} (a one-value tensor; float 0 when absent). */
    static OnnxValue constantOfShape(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes("value");
        long[] shape = OnnxIndexing.indices(n, in, 0, "the shape");
        int size = OnnxValue.count(shape, n.where("the result"));
        AttributeProto a = n.attribute("value");
        OnnxValue value = a == null ? OnnxValue.floats(new long[0], new float[1])
                : OnnxValue.of(a.getT(), n.where("the value"));
        if (value.size() != 1) {
            throw n.refuse("the value should be one value, has shape " + Arrays.toString(value.shape()));
        }
        if (value.isFloat()) {
            float[] f = new float[size];
            Arrays.fill(f, value.floats()[0]);
            return OnnxValue.floats(shape, f);
        }
        long[] l = new long[size];
        Arrays.fill(l, value.ints()[0]);
        return OnnxValue.ints(shape, l);
    }

    /** start, start + delta, ... before limit (three scalars of one type). */
    static OnnxValue range(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes();
        if (in.size() != 3 || in.contains(null)) {
            throw n.refuse("needs start, limit and delta");
        }
        for (OnnxValue v : in) {
            v.requireNoBatch(n.where("the range"));
            if (v.size() != 1 || v.isFloat() != in.get(0).isFloat()) {
                throw n.refuse("start, limit and delta should be single values of one type");
            }
        }
        if (in.get(0).isFloat()) {
            float start = in.get(0).floats()[0];
            float delta = in.get(2).floats()[0];
            double count = Math.ceil(((double) in.get(1).floats()[0] - start) / delta);
            float[] f = new float[length(n, count)];
            for (int i = 0; i < f.length; i++) {
                f[i] = start + i * delta;
            }
            return OnnxValue.floats(new long[] {f.length}, f);
        }
        long start = in.get(0).ints()[0];
        long delta = in.get(2).ints()[0];
        if (delta == 0) {
            throw n.refuse("a delta of 0");
        }
        double count = Math.ceil(((double) in.get(1).ints()[0] - start) / delta);
        long[] l = new long[length(n, count)];
        for (int i = 0; i < l.length; i++) {
            l[i] = start + i * delta;
        }
        return OnnxValue.ints(new long[] {l.length}, l);
    }

    private static int length(OnnxNode n, double count) {
        if (Double.isNaN(count) || count > OnnxValue.MAX_ELEMENTS) {
            throw n.refuse("a range of " + count + " values is not evaluated (at most " + OnnxValue.MAX_ELEMENTS + ")");
        }
        return (int) Math.max(0, count);
    }

    /** Add, Sub, Mul or Div of two tensors of one type, broadcast as NumPy does. */
    static OnnxValue binary(OnnxNode n, OnnxGraph g, List<OnnxValue> in) {
        n.onlyAttributes();
        if (in.size() != 2 || in.contains(null)) {
            throw n.refuse("needs two inputs");
        }
        OnnxValue a = in.get(0);
        OnnxValue b = in.get(1);
        a.requireNoBatch(n.where("input 0 '" + n.input(0) + "'"));
        b.requireNoBatch(n.where("input 1 '" + n.input(1) + "'"));
        if (a.isFloat() != b.isFloat()) {
            throw n.refuse("combines an integer and a float tensor");
        }
        int rank = Math.max(a.rank(), b.rank());
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            long x = extent(a, d, rank);
            long y = extent(b, d, rank);
            if (x != y && x != 1 && y != 1) {
                throw n.refuse("shapes " + Arrays.toString(a.shape()) + " and "
                        + Arrays.toString(b.shape()) + " do not broadcast");
            }
            out[d] = x == 1 ? y : x;
        }
        int[] ia = broadcast(n, a, out);
        int[] ib = broadcast(n, b, out);
        String op = n.op();
        if (a.isFloat()) {
            float[] f = new float[ia.length];
            for (int i = 0; i < f.length; i++) {
                float x = a.floats()[ia[i]];
                float y = b.floats()[ib[i]];
                f[i] = switch (op) {
                    case "Add" -> x + y;
                    case "Sub" -> x - y;
                    case "Mul" -> x * y;
                    default -> x / y;
                };
            }
            return OnnxValue.floats(out, f);
        }
        long[] l = new long[ia.length];
        for (int i = 0; i < l.length; i++) {
            long x = a.ints()[ia[i]];
            long y = b.ints()[ib[i]];
            if (op.equals("Div") && y == 0) {
                throw n.refuse("integer division by zero");
            }
            l[i] = switch (op) {
                case "Add" -> x + y;
                case "Sub" -> x - y;
                case "Mul" -> x * y;
                default -> x / y;
            };
        }
        return OnnxValue.ints(out, l);
    }

    /** The extent of axis {@code d} of a tensor aligned to the right in {@code rank} axes (1 where it has none). */
    private static long extent(OnnxValue v, int d, int rank) {
        int k = d - (rank - v.rank());
        return k < 0 ? 1 : v.shape()[k];
    }

    /** For every position of the broadcast result, the flat index of the value {@code v} gives there. */
    private static int[] broadcast(OnnxNode n, OnnxValue v, long[] out) {
        int[] strides = OnnxIndexing.strides(v.shape());
        int offset = out.length - v.rank();
        return OnnxIndexing.indexMap(n, out, pos -> {
            int source = 0;
            for (int d = 0; d < v.rank(); d++) {
                source += (v.shape()[d] == 1 ? 0 : pos[d + offset]) * strides[d];
            }
            return source;
        });
    }
}
