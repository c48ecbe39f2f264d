package org.zfnet.backend.nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.LrnSpec;

/**
 * Local response normalisation across channels (PyTorch {@code LocalResponseNorm}) and its gradient,
 * as Java loops in NCHW: the forward pass a run of pixels of one image at a time (every channel of it in
 * per-thread arrays, so the sums over neighbouring channels read contiguous memory); no channels-last copies.
 */
final class LocalResponseNorm {

    private LocalResponseNorm() {
    }

    /** Pixels per task: every channel of a run of this many pixels of one image. */
    private static final int CHUNK = 1024;

    static INDArray forward(INDArray input, LrnSpec spec) {
        Arrays4.requireFloat("lrn", "input", input, 4);
        long[] s = input.shape();
        HostArrays.requireHostSize("lrn", "input", s);
        int n = (int) s[0];
        int c = (int) s[1];
        int hw = (int) (s[2] * s[3]);
        int chunk = Math.min(hw, CHUNK);
        int chunks = (hw + chunk - 1) / chunk;
        float scale = (float) (spec.alpha() / spec.size());
        float k = (float) spec.k();
        int below = spec.size() / 2;
        int above = (spec.size() - 1) / 2;
        INDArray out = Direct.newFloats(s);
        try (Direct in = Direct.read(input)) {
            FloatBuffer x = in.floats();
            FloatBuffer o = Direct.floats(out);
            IntStream.range(0, n * chunks).parallel().forEach(t -> {
                int b = t / chunks;
                int p0 = (t % chunks) * chunk;
                int len = Math.min(chunk, hw - p0);
                float[] a = Direct.scratch(0, c * len);
                float[] squares = Direct.scratch(1, c * len);
                float[] window = Direct.scratch(2, len);
                float[] divisor = Direct.scratch(3, len);
                for (int ch = 0; ch < c; ch++) {
                    x.get((b * c + ch) * hw + p0, a, ch * len, len);
                }
                for (int i = 0; i < c * len; i++) {
                    squares[i] = a[i] * a[i];
                }
                for (int ch = 0; ch < c; ch++) {
                    windowSums(squares, window, Math.max(0, ch - below), Math.min(c - 1, ch + above), len);
                    divisors(window, divisor, len, k, scale, spec.beta());
                    int at = ch * len;
                    for (int i = 0; i < len; i++) {
                        a[at + i] /= divisor[i];
                    }
                    o.put((b * c + ch) * hw + p0, a, at, len);
                }
            });
        }
        HostArrays.written(out);
        return out;
    }

    /**
     * {@code window[i]}: the sum of {@code squares} over channels {@code lo..hi} at pixel {@code i}, added in channel
     * order. The loops keep the window at offset 0, which lets the JIT vectorise them (they run a few times slower
     * when the array written and an array read sit at different offsets that it cannot compare).
     */
    private static void windowSums(float[] squares, float[] window, int lo, int hi, int len) {
        int b = lo * len;
        if (hi - lo == 4) {
            int b1 = b + len;
            int b2 = b1 + len;
            int b3 = b2 + len;
            int b4 = b3 + len;
            for (int i = 0; i < len; i++) {
                window[i] = squares[b + i] + squares[b1 + i] + squares[b2 + i] + squares[b3 + i] + squares[b4 + i];
            }
            return;
        }
        System.arraycopy(squares, b, window, 0, len);
        for (int cc = lo + 1; cc <= hi; cc++) {
            int from = cc * len;
            for (int i = 0; i < len; i++) {
                window[i] += squares[from + i];
            }
        }
    }

    /** {@code divisor[i] = (k + scale * window[i])^beta}; beta 0.75 as {@code sqrt(d) sqrt(sqrt(d))} in float. */
    private static void divisors(float[] window, float[] divisor, int len, float k, float scale, double beta) {
        if (beta == 0.75) {
            for (int i = 0; i < len; i++) {
                float root = (float) Math.sqrt(k + scale * window[i]);
                divisor[i] = root * (float) Math.sqrt(root);
            }
        } else {
            for (int i = 0; i < len; i++) {
                divisor[i] = (float) Math.pow(k + scale * window[i], beta);
            }
        }
    }

    /**
     * {@code dL/da_j = g_j D_j^-beta - 2 alpha beta / size * a_j * sum_{i: j in window(i)} g_i a_i D_i^(-beta-1)},
     * with {@code D_i = k + alpha / size * sum_{window(i)} a^2}.
     */
    static INDArray backward(INDArray input, INDArray gradOutput, LrnSpec spec) {
        Arrays4.requireFloat("lrnBackward", "input", input, 4);
        Arrays4.requireFloat("lrnBackward", "gradOutput", gradOutput, 4);
        Arrays4.requireSameShape("lrnBackward", "gradOutput", gradOutput, "input", input);
        long[] s = input.shape();
        HostArrays.requireHostSize("lrnBackward", "input", s);
        int n = (int) s[0];
        int c = (int) s[1];
        int hw = (int) (s[2] * s[3]);
        float[] a = HostArrays.floats(input);
        float[] g = HostArrays.floats(gradOutput);
        float[] out = new float[a.length];
        double scale = spec.alpha() / spec.size();
        double beta = spec.beta();
        IntStream.range(0, n).parallel().forEach(b -> {
            double[] d = new double[c];
            double[] t = new double[c];
            for (int p = 0; p < hw; p++) {
                int base = b * c * hw + p;
                denominators(a, base, hw, c, spec, scale, d);
                for (int ch = 0; ch < c; ch++) {
                    int i = base + ch * hw;
                    t[ch] = g[i] * a[i] * powNeg(d[ch], beta) / d[ch];
                }
                for (int j = 0; j < c; j++) {
                    // channels i whose window holds j: i in [j - (size-1)/2, j + size/2]
                    int from = Math.max(0, j - (spec.size() - 1) / 2);
                    int to = Math.min(c - 1, j + spec.size() / 2);
                    double sum = 0;
                    for (int i = from; i <= to; i++) {
                        sum += t[i];
                    }
                    int at = base + j * hw;
                    out[at] = (float) (g[at] * powNeg(d[j], beta) - 2 * scale * beta * a[at] * sum);
                }
            }
        });
        return HostArrays.floats(out, s);
    }

    /** {@code d^-beta}; ZFNet's beta 0.75 as two square roots, much cheaper than {@code Math.pow}. */
    private static double powNeg(double d, double beta) {
        if (beta == 0.75) {
            double root = Math.sqrt(d);
            return 1 / (root * Math.sqrt(root));
        }
        return Math.pow(d, -beta);
    }

    /** {@code D_c = k + scale * sum of squares over window(c)} for one pixel, by a sliding window. */
    private static void denominators(float[] a, int base, int hw, int c, LrnSpec spec, double scale, double[] d) {
        double window = 0;
        int lo = spec.size() / 2;
        int hi = (spec.size() - 1) / 2;
        for (int ch = 0; ch <= Math.min(hi, c - 1); ch++) {
            double v = a[base + ch * hw];
            window += v * v;
        }
        for (int ch = 0; ch < c; ch++) {
            d[ch] = spec.k() + scale * window;
            int enter = ch + hi + 1;
            int leave = ch - lo;
            if (enter < c) {
                double v = a[base + enter * hw];
                window += v * v;
            }
            if (leave >= 0) {
                double v = a[base + leave * hw];
                window -= v * v;
            }
        }
    }
}
