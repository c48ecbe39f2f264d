package org.zfnet.backend.nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;

/**
 * The native memory of ND4J arrays as NIO buffers, which the Java loops read and write a plane at a time (bulk
 * copies into small per-thread arrays) instead of copying whole arrays onto the Java heap and back. On the CUDA
 * backend the host copy is brought up to date before reading and marked newest after writing.
 */
final class Direct implements AutoCloseable {

    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[4][]);
    private static final ThreadLocal<int[]> INTS = ThreadLocal.withInitial(() -> new int[0]);

    private final INDArray array;
    private final INDArray owned;

    private Direct(INDArray array, INDArray owned) {
        this.array = array;
        this.owned = owned;
    }

    /** For reading: the array itself when it is a plain row-major buffer, else a row-major copy (closed with this). */
    static Direct read(INDArray a) {
        boolean plain = HostArrays.isPlain(a);
        INDArray source = plain ? a : a.dup('c');
        Nd4j.getAffinityManager().ensureLocation(source, AffinityManager.Location.HOST);
        return new Direct(source, plain ? null : source);
    }

    /** The plain array read from. */
    INDArray array() {
        return array;
    }

    FloatBuffer floats() {
        return floats(array);
    }

    IntBuffer ints() {
        return ints(array);
    }

    /**
     * A new, uninitialised row-major float array to be filled through {@link #floats(INDArray)}, then marked with
     * {@link HostArrays#written}.
     */
    static INDArray newFloats(long... shape) {
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    static INDArray newInts(long... shape) {
        return Nd4j.createUninitialized(DataType.INT32, shape, 'c');
    }

    /**
     * The buffer of a plain array (one made by {@link #newFloats} or checked by {@link #read}). The kernels check
     * their arrays' sizes on entry, naming themselves; this check is the backstop, so that no buffer is ever cut
     * short silently at ND4J's {@code int} capacity.
     */
    static FloatBuffer floats(INDArray plain) {
        HostArrays.requireHostSize("native buffer", "array", plain.shape());
        return plain.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static IntBuffer ints(INDArray plain) {
        HostArrays.requireHostSize("native buffer", "array", plain.shape());
        return plain.data().asNio().order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    /** A per-thread scratch array of at least {@code size} floats; {@code slot} 0 to 3 keeps several apart. */
    static float[] scratch(int slot, int size) {
        float[][] slots = FLOATS.get();
        if (slots[slot] == null || slots[slot].length < size) {
            slots[slot] = new float[size];
        }
        return slots[slot];
    }

    static int[] intScratch(int size) {
        int[] a = INTS.get();
        if (a.length < size) {
            a = new int[size];
            INTS.set(a);
        }
        return a;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
