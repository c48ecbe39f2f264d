package org.zfnet.conformance;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense row-major array of doubles with its shape: what the reference kernels compute on.
 *
 * @param shape extents, outermost first (NCHW for images)
 * @param data  {@code product(shape)} values in row-major order
 */
public record Tensor(int[] shape, double[] data) {

    public Tensor {
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + data.length + " values");
        }
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape.clone(), new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)]);
    }

    /** Uniform values in {@code [lo, hi)}. */
    public static Tensor uniform(SplittableRandom random, double lo, double hi, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = lo + (hi - lo) * random.nextDouble();
        }
        return t;
    }

    /** Small integers in {@code [0, levels)}: many ties. */
    public static Tensor levels(SplittableRandom random, int levels, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = random.nextInt(levels);
        }
        return t;
    }

    /** Distinct values at least {@code gap} apart in random order (no ties, safe for finite differences). */
    public static Tensor distinct(SplittableRandom random, double gap, int... shape) {
        Tensor t = zeros(shape);
        int n = t.data.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        for (int i = 0; i < n; i++) {
            t.data[order[i]] = (i - n / 2.0) * gap;
        }
        return t;
    }

    public static Tensor of(INDArray a) {
        long[] s = a.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = Math.toIntExact(s[i]);
        }
        return new Tensor(shape, a.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    /** As a float32 {@code INDArray} of the same shape. */
    public INDArray toFloat() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return Nd4j.create(f, longShape(), 'c');
    }

    /** As an int32 {@code INDArray} (switches). */
    public INDArray toInt() {
        int[] v = new int[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (int) data[i];
        }
        return Nd4j.createFromArray(v).reshape('c', longShape());
    }

    public Tensor map(java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(data[i]);
        }
        return new Tensor(shape.clone(), out);
    }

    /** The same values rounded to float32, so that a backend and the reference see identical inputs. */
    public Tensor roundedToFloat() {
        return map(v -> (float) v);
    }

    public Tensor copy() {
        return new Tensor(shape.clone(), data.clone());
    }

    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** {@code sum(this * other)}. */
    public double dot(Tensor other) {
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            s += data[i] * other.data[i];
        }
        return s;
    }

    private long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
