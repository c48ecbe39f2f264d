package org.zfnet.formats;

import java.util.Arrays;

/** Element counts of shapes, refusing negative extents and counts beyond a Java array. */
final class Shapes {

    private Shapes() {
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The element count, or a {@link FormatException} when it cannot be held in one Java array. */
    static int checkedCount(String file, String what, long[] shape) {
        long n;
        try {
            n = count(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new FormatException(file + ": " + what + " has an impossible shape " + Arrays.toString(shape));
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new FormatException(file + ": " + what + " of shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than one array can hold");
        }
        return (int) n;
    }
}
