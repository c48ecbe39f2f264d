package org.zfnet.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;

/**
 * The kernels that loop over native memory in Java read it as one NIO buffer, whose capacity is an {@code int} of
 * bytes: 536,870,911 floats. Past that they once failed deep inside with {@code IndexOutOfBoundsException … length
 * 536870911}; now an array too large is refused up front, naming the kernel, the shape and the limit.
 */
class HostSizeLimitTest {

    private static Nd4jKernels kernels;

    @BeforeAll
    static void startNd4j() {
        kernels = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
    }

    /** A float array of any shape over one element (all strides 0): as large as one likes, for nothing. */
    private static INDArray huge(DataType type, long... shape) {
        INDArray one = Nd4j.ones(type, 1);
        INDArray a = Nd4j.create(one.data(), shape, new long[shape.length], 0, 'c');
        assertEquals(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact), a.length());
        return a;
    }

    @Test
    void theLimitIsTheLargestNioFloatBuffer() {
        assertEquals(536_870_911L, HostArrays.MAX_ELEMENTS);
        assertEquals(HostArrays.MAX_ELEMENTS * Float.BYTES, Integer.MAX_VALUE - 3L, "the last whole float in 2^31-1 bytes");
        assertEquals(536_870_911, HostArrays.requireHostSize("maxPool", "input", 1, 1, 1, 536_870_911));
        InvalidInputException past = assertThrows(InvalidInputException.class,
                () -> HostArrays.requireHostSize("maxPool", "input", 1, 1, 2, 268_435_456));
        assertEquals("maxPool: input [1, 1, 2, 268435456] has 536,870,912 elements, more than a kernel takes in one "
                + "call (536,870,911); use smaller batches", past.getMessage());
        assertThrows(InvalidInputException.class, () -> HostArrays.requireHostSize("k", "input",
                Long.MAX_VALUE, Long.MAX_VALUE), "a count past long range is refused, not wrapped around");
    }

    @Test
    void maxPoolRefusesABatchPastTheLimitNamingItsShape() {
        INDArray input = huge(DataType.FLOAT, 20_000, 32, 110, 110);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> kernels.maxPool(input, new PoolGeometry(3, 2, true)));
        assertEquals("maxPool: input [20000, 32, 110, 110] has 7,744,000,000 elements, more than a kernel takes in one "
                + "call (536,870,911); use smaller batches", e.getMessage());
    }

    @Test
    void everyJavaLoopKernelRefusesAnArrayPastTheLimit() {
        INDArray x = huge(DataType.FLOAT, 1_000, 96, 110, 110);
        INDArray switches = huge(DataType.INT32, 1_000, 96, 110, 110);
        LrnSpec lrn = new LrnSpec(5, 1e-4, 0.75, 2);
        List<Consumer<INDArray>> calls = List.of(
                a -> kernels.maxPool(a, new PoolGeometry(3, 2, true)),
                a -> kernels.maxPoolValues(a, new PoolGeometry(3, 2, true)),
                a -> kernels.unpool(a, switches, 220, 220),
                a -> kernels.lrn(a, lrn),
                a -> kernels.lrnBackward(a, a, lrn),
                a -> kernels.dropout(a, 0.5, 1));
        List<String> names = List.of("maxPool", "maxPoolValues", "unpool", "lrn", "lrnBackward", "dropout");
        for (int i = 0; i < calls.size(); i++) {
            Consumer<INDArray> call = calls.get(i);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> call.accept(x), names.get(i));
            assertTrue(e.getMessage().startsWith(names.get(i) + ": ") && e.getMessage().contains("[1000, 96, 110, 110]")
                    && e.getMessage().contains("(536,870,911)"), e.getMessage());
        }
    }

    @Test
    void unpoolRefusesAnOutputPastTheLimitThoughItsValuesFit() {
        INDArray values = huge(DataType.FLOAT, 1_000, 96, 55, 55);
        INDArray switches = huge(DataType.INT32, 1_000, 96, 55, 55);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> kernels.unpool(values, switches, 110, 110));
        assertTrue(e.getMessage().startsWith("unpool: output [1000, 96, 110, 110] has 1,161,600,000"), e.getMessage());
    }

    @Test
    void hostCopiesRefuseArraysPastTheLimit() {
        INDArray x = huge(DataType.FLOAT, 600, 1_000, 1_000);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> HostArrays.floats(x));
        assertTrue(e.getMessage().startsWith("host copy: array [600, 1000, 1000] has 600,000,000 elements"),
                e.getMessage());
    }
}
