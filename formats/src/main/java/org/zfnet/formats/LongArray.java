package org.zfnet.formats;

import java.util.Arrays;

/**
 * A row-major int64 array with its shape (counters such as BatchNorm's {@code num_batches_tracked}).
 *
 * @param shape extents, outermost first
 * @param data  {@code product(shape)} values
 */
public record LongArray(long[] shape, long[] data) {

    public LongArray {
        long n = Shapes.count(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not "
                    + data.length);
        }
    }
}
