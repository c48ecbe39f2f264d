package org.zfnet.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Java arrays in and out of ND4J arrays with one bulk copy. ND4J's own {@code Nd4j.create(float[], …)} and
 * {@code data().asFloat()} copy element by element, which costs more than the kernels when plugins move crops and
 * maps between Java loops and the backend. Works on either backend (on CUDA the host copy is synchronised).
 */
public final class HostArrays {

    /**
     * The most elements of 4-byte type one host buffer holds: ND4J hands native memory to Java as one NIO buffer,
     * whose capacity is an {@code int} of bytes ({@code (2^31 - 1) / 4}); Java arrays and {@code int} indices over
     * them stay below it too.
     */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE / 4;

    private HostArrays() {
    }

    /**
     * The element count of {@code shape}, refused when it is more than one host buffer holds ({@link #MAX_ELEMENTS}):
     * the one check of that limit, which every kernel looping over native memory in Java, and every copy here, makes
     * before it allocates or indexes. The message names the kernel ({@code who}), the array and its shape, e.g.
     * {@code maxPool: input [20000, 32, 110, 110] has 7,744,000,000 elements, more than a kernel takes in one call
     * (536,870,911); use smaller batches}.
     */
    public static int requireHostSize(String who, String what, long... shape) {
        long count = 1;
        for (long d : shape) {
            count = d < 0 || (d != 0 && count > Long.MAX_VALUE / d) ? Long.MAX_VALUE : count * d;
        }
        if (count > MAX_ELEMENTS) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s: %s %s has %s elements, more than a kernel takes in one call (%,d); use smaller batches", who,
                    what, Arrays.toString(shape), count == Long.MAX_VALUE ? "too many" : String.format(Locale.ROOT,
                            "%,d", count), MAX_ELEMENTS));
        }
        return (int) count;
    }

    /**
     * Frees each of {@code arrays} once (an array listed twice is freed once), leaving out nulls, views of other arrays
     * (their owners free those), arrays ND4J cannot close, and the arrays {@code kept} (by identity): how a trace, a
     * network and a result release what they own.
     */
    public static void closeAll(Iterable<INDArray> arrays, INDArray... kept) {
        java.util.Set<INDArray> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        done.addAll(Arrays.asList(kept));
        for (INDArray a : arrays) {
            if (a != null && done.add(a) && !a.isView() && a.closeable()) {
                a.close();
            }
        }
    }

    /** The elements of a float array in row-major order. */
    public static float[] floats(INDArray a) {
        requireType(a, DataType.FLOAT);
        float[] out = new float[requireHostSize("host copy", "array", a.shape())];
        if (out.length == 0) {
            return out;
        }
        if (isPlain(a)) {
            host(a).asFloatBuffer().get(out);
        } else {
            try (INDArray copy = a.dup('c')) {
                host(copy).asFloatBuffer().get(out);
            }
        }
        return out;
    }

    /** The elements of an int32 array in row-major order. */
    public static int[] ints(INDArray a) {
        requireType(a, DataType.INT32);
        int[] out = new int[requireHostSize("host copy", "array", a.shape())];
        if (out.length == 0) {
            return out;
        }
        if (isPlain(a)) {
            host(a).asIntBuffer().get(out);
        } else {
            try (INDArray copy = a.dup('c')) {
                host(copy).asIntBuffer().get(out);
            }
        }
        return out;
    }

    /** A new row-major float array of this shape holding {@code data}. */
    public static INDArray floats(float[] data, long... shape) {
        requireHostSize("host copy", "array", shape);
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        requireLength(a, data.length);
        a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(data);
        written(a);
        return a;
    }

    /** A new row-major int32 array of this shape holding {@code data}. */
    public static INDArray ints(int[] data, long... shape) {
        requireHostSize("host copy", "array", shape);
        INDArray a = Nd4j.createUninitialized(DataType.INT32, shape, 'c');
        requireLength(a, data.length);
        a.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer().put(data);
        written(a);
        return a;
    }

    /**
     * The elements of a plain float array (see {@link #isPlain}) as its native memory, up to date on the host, to be
     * read or written in place: what Java loops over large arrays use instead of copies. Absolute gets and puts of
     * disjoint parts may run on several threads. After writing, call {@link #written}.
     */
    public static FloatBuffer buffer(INDArray plain) {
        requireType(plain, DataType.FLOAT);
        if (!isPlain(plain)) {
            throw new InvalidInputException("expected a plain row-major array, got a view or another order");
        }
        requireHostSize("host buffer", "array", plain.shape());
        return host(plain).asFloatBuffer();
    }

    /** Marks arrays written through {@link #buffer} as the newest copy (matters on CUDA only). */
    public static void written(INDArray... arrays) {
        for (INDArray a : arrays) {
            Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
        }
    }

    /** Whether the array's buffer is exactly its elements in row-major order, so that it can be read in place. */
    public static boolean isPlain(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0 && a.data().length() == a.length();
    }

    /** The native memory of a plain array, up to date on the host. */
    private static ByteBuffer host(INDArray plain) {
        Nd4j.getAffinityManager().ensureLocation(plain, AffinityManager.Location.HOST);
        return plain.data().asNio().order(ByteOrder.nativeOrder());
    }

    private static void requireType(INDArray a, DataType type) {
        if (a.dataType() != type) {
            throw new InvalidInputException("expected a " + type + " array, got " + a.dataType());
        }
    }

    private static void requireLength(INDArray a, int length) {
        if (a.length() != length) {
            a.close();
            throw new InvalidInputException("shape holds " + a.length() + " elements, data has " + length);
        }
    }
}
