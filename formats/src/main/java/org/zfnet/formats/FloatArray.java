package org.zfnet.formats;

import java.util.Arrays;

/**
 * A row-major float32 array with its shape.
 *
 * @param shape extents, outermost first
 * @param data  {@code product(shape)} values
 */
public record FloatArray(long[] shape, float[] data) {

    public FloatArray {
        long n = Shapes.count(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not "
                    + data.length);
        }
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
