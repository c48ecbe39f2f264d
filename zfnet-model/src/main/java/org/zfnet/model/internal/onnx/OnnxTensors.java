package org.zfnet.model.internal.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorProto.DataType;
import org.zfnet.api.InvalidInputException;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.HalfFloats;

/**
 * ONNX tensors (initializers and constants) as arrays: float32 and float16 as floats, int64 and int32 as longs; from
 * {@code raw_data} (little-endian) or the typed fields (float16 as the low 16 bits of {@code int32_data}). The
 * declared shape is checked against the values present before anything is allocated; tensors whose data lie in
 * external files are refused.
 */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /** A float32 or float16 tensor; {@code where} starts the message of a refusal. */
    static FloatArray floats(TensorProto t, String where) {
        if (t.getDataType() != DataType.FLOAT_VALUE && t.getDataType() != DataType.FLOAT16_VALUE) {
            throw new InvalidInputException(where + " is " + typeName(t) + ", expected float32 or float16 values");
        }
        long[] shape = shape(t, where);
        int n = count(shape, where);
        float[] data = new float[checkedLength(t, n, where)];
        if (t.getDataType() == DataType.FLOAT_VALUE) {
            if (!t.getRawData().isEmpty()) {
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            } else {
                for (int i = 0; i < n; i++) {
                    data[i] = t.getFloatData(i);
                }
            }
        } else {
            if (!t.getRawData().isEmpty()) {
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    data[i] = HalfFloats.half(b.getShort());
                }
            } else {
                for (int i = 0; i < n; i++) {
                    data[i] = HalfFloats.half((short) t.getInt32Data(i));
                }
            }
        }
        return new FloatArray(shape, data);
    }

    /** An int64 or int32 tensor's values, flat (shapes, pads, axes). */
    static long[] longs(TensorProto t, String where) {
        if (t.getDataType() != DataType.INT64_VALUE && t.getDataType() != DataType.INT32_VALUE) {
            throw new InvalidInputException(where + " is " + typeName(t) + ", expected int64 values");
        }
        int n = count(shape(t, where), where);
        long[] data = new long[checkedLength(t, n, where)];
        boolean raw = !t.getRawData().isEmpty();
        if (t.getDataType() == DataType.INT64_VALUE) {
            if (raw) {
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(data);
            } else {
                for (int i = 0; i < n; i++) {
                    data[i] = t.getInt64Data(i);
                }
            }
        } else {
            ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
            for (int i = 0; i < n; i++) {
                data[i] = raw ? b.getInt() : t.getInt32Data(i);
            }
        }
        return data;
    }

    /**
     * A {@code Constant} node's value: its {@code value} tensor, or {@code value_float(s)} / {@code value_int(s)} as a
     * float32 or int64 tensor.
     */
    static TensorProto constantValue(OnnxNode n) {
        AttributeProto a;
        if ((a = n.attribute("value")) != null && a.getType() == AttributeProto.AttributeType.TENSOR) {
            return a.getT();
        }
        TensorProto.Builder t = TensorProto.newBuilder();
        if ((a = n.attribute("value_float")) != null) {
            return t.setDataType(DataType.FLOAT_VALUE).addFloatData(n.real("value_float", 0f)).build();
        }
        if ((a = n.attribute("value_int")) != null) {
            return t.setDataType(DataType.INT64_VALUE).addInt64Data(n.integer("value_int", 0)).build();
        }
        if ((a = n.attribute("value_floats")) != null && a.getType() == AttributeProto.AttributeType.FLOATS) {
            return t.setDataType(DataType.FLOAT_VALUE).addDims(a.getFloatsCount()).addAllFloatData(a.getFloatsList())
                    .build();
        }
        if ((a = n.attribute("value_ints")) != null && a.getType() == AttributeProto.AttributeType.INTS) {
            return t.setDataType(DataType.INT64_VALUE).addDims(a.getIntsCount()).addAllInt64Data(a.getIntsList())
                    .build();
        }
        throw n.refuse("has no value (value, value_float(s) or value_int(s)) of the right type");
    }

    /** The tensor's shape, each extent at least 0. */
    static long[] shape(TensorProto t, String where) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new InvalidInputException(where + " keeps its data in an external file, which is not supported "
                    + "(export the model as one file: torch.onnx.export of a model under 2 GB, or onnx.save with "
                    + "save_as_external_data=False)");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException(where + " has a negative extent in its shape " + Arrays.toString(shape));
            }
        }
        return shape;
    }

    private static int count(long[] shape, String where) {
        long n = 1;
        for (long d : shape) {
            n = d == 0 ? 0 : n <= (Integer.MAX_VALUE - 8) / d ? n * d : -1;
            if (n < 0) {
                throw new InvalidInputException(where + " of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return (int) n;
    }

    /** {@code n}, once the tensor is seen to hold exactly {@code n} values in {@code raw_data} or its typed field. */
    private static int checkedLength(TensorProto t, int n, String where) {
        long present;
        String field;
        if (!t.getRawData().isEmpty()) {
            int bytes = elementBytes(t);
            present = t.getRawData().size() % bytes == 0 ? t.getRawData().size() / bytes : -1;
            field = "raw_data holds " + t.getRawData().size() + " bytes";
        } else {
            present = switch (t.getDataType()) {
                case DataType.FLOAT_VALUE -> t.getFloatDataCount();
                case DataType.INT64_VALUE -> t.getInt64DataCount();
                default -> t.getInt32DataCount();
            };
            field = "holds " + present + " values";
        }
        if (present != n) {
            throw new InvalidInputException(where + " of shape " + Arrays.toString(shape(t, where)) + " ("
                    + n + " values) " + field);
        }
        return n;
    }

    /** Bytes per value of the four types read. */
    private static int elementBytes(TensorProto t) {
        return switch (t.getDataType()) {
            case DataType.FLOAT16_VALUE -> 2;
            case DataType.INT64_VALUE -> 8;
            default -> 4;
        };
    }

    static String typeName(TensorProto t) {
        DataType type = DataType.forNumber(t.getDataType());
        return type == null ? "of data type " + t.getDataType() : type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
