package org.zfnet.conformance;

/**
 * How one contract case went.
 *
 * @param error     the largest difference from the reference, {@code |backend - reference| / (1 + |reference|)}
 * @param tolerance the largest error the contract accepts
 * @param detail    what was compared, or where the largest difference was
 */
public record Outcome(double error, double tolerance, String detail) {

    public boolean passed() {
        return error <= tolerance;
    }

    /** Compares element by element; shapes must agree (a shape mismatch is an error of infinity). */
    public static Outcome compare(Tensor actual, Tensor expected, double tolerance) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            return new Outcome(Double.POSITIVE_INFINITY, tolerance, "shape " + java.util.Arrays.toString(actual.shape())
                    + " instead of " + java.util.Arrays.toString(expected.shape()));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < actual.data().length; i++) {
            double a = actual.data()[i];
            double e = expected.data()[i];
            double err = Double.isNaN(a) != Double.isNaN(e) ? Double.POSITIVE_INFINITY
                    : a == e ? 0 : Math.abs(a - e) / (1 + Math.abs(e));
            if (err > worst || at < 0) {
                worst = err;
                at = i;
            }
        }
        String where = at < 0 ? "empty" : "worst at flat index " + at + ": " + actual.data()[at] + " vs "
                + expected.data()[at];
        return new Outcome(worst, tolerance, where);
    }

    /** The worse of two outcomes. */
    public Outcome and(Outcome other) {
        return other.error / Math.max(other.tolerance, 1e-300) > error / Math.max(tolerance, 1e-300) ? other : this;
    }
}
