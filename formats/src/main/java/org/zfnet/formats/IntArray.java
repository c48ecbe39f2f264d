package org.zfnet.formats;

import java.util.Arrays;

/**
 * A row-major int32 array with its shape (class indices, pooling switches).
 *
 * @param shape extents, outermost first
 * @param data  {@code product(shape)} values
 */
public record IntArray(long[] shape, int[] data) {

    public IntArray {
        long n = Shapes.count(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not "
                    + data.length);
        }
    }
}
