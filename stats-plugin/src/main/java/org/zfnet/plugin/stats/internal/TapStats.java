package org.zfnet.plugin.stats.internal;

/**
 * The statistics of one tap's channels over the inputs seen so far: per channel the mean and the sum of squared
 * deviations from it ({@code m2}), the least and the greatest value, how many values were above zero, and the sum over
 * inputs of each input's greatest value of the channel; with the number of inputs and of values per channel (inputs
 * times positions, the same for every channel). Values come from float32 activations; sums and moments are kept in
 * double.
 *
 * <p>{@link #merge} joins the statistics of two disjoint sets of inputs by the pairwise update of Chan, Golub and
 * LeVeque ("Updating formulae and a pairwise algorithm for computing sample variances", 1979): with {@code d} the
 * difference of the means, {@code m2 = m2a + m2b + d² na nb / n}. It is commutative to the bit (every step is); it is
 * associative exactly for the counts, extremes and active counts, and to rounding (about 1e-15 relative per merge)
 * for the means, {@code m2} and the sums of maxima.
 */
final class TapStats {

    final long inputs;
    final long count;
    final double[] mean;
    final double[] m2;
    final float[] min;
    final float[] max;
    final long[] active;
    final double[] sumOfMaxima;

    TapStats(long inputs, long count, double[] mean, double[] m2, float[] min, float[] max, long[] active,
            double[] sumOfMaxima) {
        int channels = mean.length;
        if (m2.length != channels || min.length != channels || max.length != channels || active.length != channels
                || sumOfMaxima.length != channels) {
            throw new IllegalArgumentException("statistics of " + channels + " channels with arrays of other lengths");
        }
        this.inputs = inputs;
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.min = min;
        this.max = max;
        this.active = active;
        this.sumOfMaxima = sumOfMaxima;
    }

    /**
     * The statistics of a tap's output for a batch: {@code values} holds {@code inputs x channels x positions} in that
     * order (NCHW with H and W flattened, or {@code [N, F]} with one position per feature).
     */
    static TapStats of(float[] values, int inputs, int channels, int positions) {
        if (inputs < 1 || positions < 1 || (long) inputs * channels * positions != values.length) {
            throw new IllegalArgumentException(values.length + " values are not " + inputs + " inputs x " + channels
                    + " channels x " + positions + " positions");
        }
        long count = (long) inputs * positions;
        double[] mean = new double[channels];
        double[] m2 = new double[channels];
        float[] min = new float[channels];
        float[] max = new float[channels];
        long[] active = new long[channels];
        double[] sumOfMaxima = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            long above = 0;
            for (int i = 0; i < inputs; i++) {
                int from = (i * channels + c) * positions;
                float peak = Float.NEGATIVE_INFINITY;
                for (int p = from; p < from + positions; p++) {
                    float v = values[p];
                    sum += v;
                    peak = Math.max(peak, v);
                    lo = Math.min(lo, v);
                    if (v > 0) {
                        above++;
                    }
                }
                hi = Math.max(hi, peak);
                sumOfMaxima[c] += peak;
            }
            double m = sum / count;
            double squares = 0;
            for (int i = 0; i < inputs; i++) {
                int from = (i * channels + c) * positions;
                for (int p = from; p < from + positions; p++) {
                    double d = values[p] - m;
                    squares += d * d;
                }
            }
            mean[c] = m;
            m2[c] = squares;
            min[c] = lo;
            max[c] = hi;
            active[c] = above;
        }
        return new TapStats(inputs, count, mean, m2, min, max, active, sumOfMaxima);
    }

    int channels() {
        return mean.length;
    }

    /** The statistics of this tap over the inputs of both (disjoint sets of inputs); see the class comment. */
    TapStats merge(TapStats other, String tap) {
        if (other.channels() != channels()) {
            throw new IllegalArgumentException("cannot merge statistics of " + tap + " with " + channels() + " and "
                    + other.channels() + " channels");
        }
        int channels = channels();
        long n = count + other.count;
        double weight = (double) count * other.count / n;
        double[] mean = new double[channels];
        double[] m2 = new double[channels];
        float[] min = new float[channels];
        float[] max = new float[channels];
        long[] active = new long[channels];
        double[] sumOfMaxima = new double[channels];
        for (int c = 0; c < channels; c++) {
            double d = other.mean[c] - this.mean[c];
            mean[c] = (count * this.mean[c] + other.count * other.mean[c]) / n;
            m2[c] = this.m2[c] + other.m2[c] + d * d * weight;
            min[c] = Math.min(this.min[c], other.min[c]);
            max[c] = Math.max(this.max[c], other.max[c]);
            active[c] = this.active[c] + other.active[c];
            sumOfMaxima[c] = this.sumOfMaxima[c] + other.sumOfMaxima[c];
        }
        return new TapStats(inputs + other.inputs, n, mean, m2, min, max, active, sumOfMaxima);
    }

    /** The population standard deviation of channel {@code c}: the square root of {@code m2 / count}. */
    double std(int c) {
        return Math.sqrt(m2[c] / count);
    }

    /** The fraction of channel {@code c}'s values (over inputs and positions) above zero. */
    double fractionActive(int c) {
        return (double) active[c] / count;
    }

    /** The mean over inputs of each input's greatest value of channel {@code c}. */
    double meanOfMaxima(int c) {
        return sumOfMaxima[c] / inputs;
    }
}
