package org.zfnet.model.internal.onnx;

import java.util.Arrays;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorProto.DataType;
import org.zfnet.api.InvalidInputException;
import org.zfnet.formats.FloatArray;

/**
 * A small constant tensor the importer evaluates ({@link OnnxFolding}): integers (int64, int32 and bool, as longs) or
 * floats (float32 and float16), row-major, of at most {@link #MAX_ELEMENTS} values. Where the batch is dynamic, an
 * integer may stand for the batch size ({@code batch[i]}, its value then meaningless): the shape arithmetic of
 * {@code x.view(x.size(0), -1)} moves it about (Shape, Gather, Unsqueeze, Concat) without computing with it.
 */
record OnnxValue(long[] shape, long[] ints, float[] floats, boolean[] batch) {

    /** The most values one evaluated tensor holds: shapes, pads and indices are a handful. */
    static final int MAX_ELEMENTS = 1 << 16;

    static OnnxValue ints(long[] shape, long[] values) {
        return new OnnxValue(shape, values, null, new boolean[values.length]);
    }

    static OnnxValue floats(long[] shape, float[] values) {
        return new OnnxValue(shape, null, values, new boolean[values.length]);
    }

    /** An initializer or Constant node's value, refused unless it is an integer or float tensor of a few values. */
    static OnnxValue of(TensorProto t, String where) {
        long[] shape = OnnxTensors.shape(t, where);
        count(shape, where);
        return switch (t.getDataType()) {
            case DataType.INT64_VALUE, DataType.INT32_VALUE -> ints(shape, OnnxTensors.longs(t, where));
            case DataType.FLOAT_VALUE, DataType.FLOAT16_VALUE -> floats(shape, OnnxTensors.floats(t, where).data());
            default -> throw new InvalidInputException(where + " is " + OnnxTensors.typeName(t) + "; only int64, "
                    + "int32, float32 and float16 constants are evaluated");
        };
    }

    /** The number of values of a shape, refused past {@link #MAX_ELEMENTS}. */
    static int count(long[] shape, String where) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException(where + " has a negative extent in its shape " + Arrays.toString(shape));
            }
            n = d == 0 || n == 0 ? 0 : n <= MAX_ELEMENTS / d ? n * d : MAX_ELEMENTS + 1L;
            if (n > MAX_ELEMENTS) {
                throw new InvalidInputException(where + " of shape " + Arrays.toString(shape) + " has more than "
                        + MAX_ELEMENTS + " values, more than the importer evaluates");
            }
        }
        return (int) n;
    }

    int size() {
        return batch.length;
    }

    int rank() {
        return shape.length;
    }

    boolean isFloat() {
        return floats != null;
    }

    boolean holdsBatch() {
        for (boolean b : batch) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** The values at the given flat indices (in this order), as a tensor of {@code newShape}; the batch moves along. */
    OnnxValue select(int[] indices, long[] newShape) {
        boolean[] b = new boolean[indices.length];
        long[] l = ints == null ? null : new long[indices.length];
        float[] f = floats == null ? null : new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            b[i] = batch[indices[i]];
            if (l != null) {
                l[i] = ints[indices[i]];
            } else {
                f[i] = floats[indices[i]];
            }
        }
        return new OnnxValue(newShape, l, f, b);
    }

    /** The same values under another shape of as many values. */
    OnnxValue reshaped(long[] newShape) {
        return new OnnxValue(newShape, ints, floats, batch);
    }

    /** The integers, refused where they are floats or hold the dynamic batch size ({@code where} starts the line). */
    long[] longs(String where) {
        if (isFloat()) {
            throw new InvalidInputException(where + " is float, expected int64 values");
        }
        requireNoBatch(where);
        return ints;
    }

    /** The integers, the dynamic batch size among them ({@link #batch()} says where). */
    long[] longsOrBatch(String where) {
        if (isFloat()) {
            throw new InvalidInputException(where + " is float, expected int64 values");
        }
        return ints;
    }

    FloatArray floatArray(String where) {
        if (!isFloat()) {
            throw new InvalidInputException(where + " is an integer tensor, expected float32 or float16 values");
        }
        return new FloatArray(shape, floats);
    }

    void requireNoBatch(String where) {
        if (holdsBatch()) {
            throw new InvalidInputException(where + " depends on the batch size, which is dynamic in this file (export "
                    + "with a fixed batch, or without dynamic_axes, to have it evaluated)");
        }
    }

    /** The values as text, the batch size as N: {@code [N, -1]}. */
    String text() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Math.min(size(), 16); i++) {
            s.append(i == 0 ? "" : ", ").append(batch[i] ? "N" : isFloat() ? Float.toString(floats[i])
                    : Long.toString(ints[i]));
        }
        return s.append(size() > 16 ? ", ...]" : "]").toString();
    }
}
