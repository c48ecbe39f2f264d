package org.zfnet.conformance;

import java.util.SplittableRandom;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.backend.PoolGeometry;

/**
 * The kernels of {@link org.zfnet.api.backend.ComputeBackend} written as straightforward loops in double
 * precision, directly from their definitions, for checking backends. Slow on purpose: clarity first.
 * Tensors are NCHW; weights {@code [K, C, kh, kw]} and {@code [out, in]} as in PyTorch.
 */
public final class ReferenceKernels {

    private ReferenceKernels() {
    }

    /**
     * {@code y[n,k,i,j] = b[k] + sum_{c,u,v} x[n, g(k) C/G + c, i sy + u d - top, j sx + v d - left] w[k,c,u,v]}, zero
     * outside x, where {@code g(k) = k / (K/G)} is the group of filter {@code k} and {@code d} the dilation.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, ConvGeometry g) {
        int n = x.shape()[0], h = x.shape()[2], wd = x.shape()[3];
        int k = w.shape()[0], c = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
        int oh = g.outputHeight(h, kh);
        int ow = g.outputWidth(wd, kw);
        Tensor y = Tensor.zeros(n, k, oh, ow);
        for (int in = 0; in < n; in++) {
            for (int ik = 0; ik < k; ik++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b == null ? 0 : b.data()[ik];
                        for (int ic = 0; ic < c; ic++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int at = inputIndex(x, g, k, in, ik, ic, i, j, u, v);
                                    if (at >= 0) {
                                        sum += x.data()[at] * w.data()[((ik * c + ic) * kh + u) * kw + v];
                                    }
                                }
                            }
                        }
                        y.data()[((in * k + ik) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The flat index in {@code x} that filter tap {@code (ic, u, v)} of output {@code (in, ik, i, j)} reads, or -1 in the padding. */
    private static int inputIndex(Tensor x, ConvGeometry g, int k, int in, int ik, int ic, int i, int j, int u, int v) {
        int channels = x.shape()[1], h = x.shape()[2], wd = x.shape()[3];
        int yy = i * g.strideY() + u * g.dilation() - g.padY();
        int xx = j * g.strideX() + v * g.dilation() - g.padX();
        if (yy < 0 || yy >= h || xx < 0 || xx >= wd) {
            return -1;
        }
        int channel = ik / (k / g.groups()) * (channels / g.groups()) + ic;
        return ((in * channels + channel) * h + yy) * wd + xx;
    }

    /**
     * The adjoint of {@link #conv2d} in its input: every value of {@code y} is spread back through the
     * filter onto the input positions it was computed from, onto a zero {@code height x width} plane.
     */
    public static Tensor conv2dTranspose(Tensor y, Tensor w, ConvGeometry g, int height, int width) {
        int n = y.shape()[0], k = y.shape()[1], oh = y.shape()[2], ow = y.shape()[3];
        int c = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
        Tensor x = Tensor.zeros(n, c * g.groups(), height, width);
        for (int in = 0; in < n; in++) {
            for (int ik = 0; ik < k; ik++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double v0 = y.data()[((in * k + ik) * oh + i) * ow + j];
                        for (int ic = 0; ic < c; ic++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int at = inputIndex(x, g, k, in, ik, ic, i, j, u, v);
                                    if (at >= 0) {
                                        x.data()[at] += v0 * w.data()[((ik * c + ic) * kh + u) * kw + v];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return x;
    }

    /** Max pooling result: the maxima and where they came from. */
    public record Pool(Tensor output, Tensor switches) {
    }

    /**
     * Max over each window, scanning rows top to bottom and columns left to right and replacing only on a
     * strictly larger value (so ties go to the first maximum); windows clipped to the input (padding is minus
     * infinity).
     */
    public static Pool maxPool(Tensor x, PoolGeometry g) {
        int n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
        int oh = g.outputHeight(h);
        int ow = g.outputWidth(w);
        Tensor out = Tensor.zeros(n, c, oh, ow);
        Tensor sw = Tensor.zeros(n, c, oh, ow);
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int u = 0; u < g.kernel(); u++) {
                        for (int v = 0; v < g.kernel(); v++) {
                            int yy = i * g.stride() + u - g.padTop();
                            int xx = j * g.stride() + v - g.padLeft();
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w && x.data()[(p * h + yy) * w + xx] > best) {
                                best = x.data()[(p * h + yy) * w + xx];
                                at = yy * w + xx;
                            }
                        }
                    }
                    out.data()[(p * oh + i) * ow + j] = best;
                    sw.data()[(p * oh + i) * ow + j] = at;
                }
            }
        }
        return new Pool(out, sw);
    }

    /** Each value added at its switch of a zero {@code height x width} plane. */
    public static Tensor unpool(Tensor values, Tensor switches, int height, int width) {
        int n = values.shape()[0], c = values.shape()[1];
        int cells = values.shape()[2] * values.shape()[3];
        Tensor out = Tensor.zeros(n, c, height, width);
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < cells; i++) {
                int at = (int) switches.data()[p * cells + i];
                out.data()[p * height * width + at] += values.data()[p * cells + i];
            }
        }
        return out;
    }

    public static Tensor relu(Tensor x) {
        return x.map(v -> Math.max(v, 0));
    }

    public static Tensor relu6(Tensor x) {
        return x.map(v -> Math.min(Math.max(v, 0), 6));
    }

    /**
     * The mean of each window as PyTorch's {@code avg_pool2d}: window rows {@code [i s - top, i s - top + k)} clipped
     * to {@code [-top, H + bottom)} give the divisor with {@code countPad}; clipped to {@code [0, H)}, the positions
     * summed and the divisor without it (columns alike).
     */
    public static Tensor avgPool(Tensor x, PoolGeometry g) {
        int n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
        int oh = g.outputHeight(h);
        int ow = g.outputWidth(w);
        Tensor out = Tensor.zeros(n, c, oh, ow);
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double sum = 0;
                    int inside = 0;
                    int padded = 0;
                    for (int u = 0; u < g.kernel(); u++) {
                        for (int v = 0; v < g.kernel(); v++) {
                            int yy = i * g.stride() + u - g.padTop();
                            int xx = j * g.stride() + v - g.padLeft();
                            if (yy < h + g.padBottom() && xx < w + g.padRight()) {
                                padded++;
                            }
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                sum += x.data()[(p * h + yy) * w + xx];
                                inside++;
                            }
                        }
                    }
                    out.data()[(p * oh + i) * ow + j] = sum / (g.countPad() ? padded : inside);
                }
            }
        }
        return out;
    }

    /** The mean of each {@code H x W} plane, as {@code [N, C, 1, 1]}. */
    public static Tensor globalAvgPool(Tensor x) {
        int n = x.shape()[0], c = x.shape()[1], hw = x.shape()[2] * x.shape()[3];
        Tensor out = Tensor.zeros(n, c, 1, 1);
        for (int p = 0; p < n * c; p++) {
            double sum = 0;
            for (int i = 0; i < hw; i++) {
                sum += x.data()[p * hw + i];
            }
            out.data()[p] = sum / hw;
        }
        return out;
    }

    /** {@code (x - mean[c]) / sqrt(variance[c] + eps) * weight[c] + bias[c]}, per channel. */
    public static Tensor batchNorm(Tensor x, Tensor mean, Tensor variance, Tensor weight, Tensor bias, double eps) {
        int c = x.shape()[1], hw = x.shape()[2] * x.shape()[3];
        Tensor out = Tensor.zeros(x.shape());
        for (int i = 0; i < out.data().length; i++) {
            int ch = i / hw % c;
            out.data()[i] = (x.data()[i] - mean.data()[ch]) / Math.sqrt(variance.data()[ch] + eps) * weight.data()[ch]
                    + bias.data()[ch];
        }
        return out;
    }

    /** {@code b_c = a_c / (k + alpha/size * sum_{c'=c-size/2}^{c+(size-1)/2} a_c'^2)^beta}, per pixel. */
    public static Tensor lrn(Tensor x, LrnSpec spec) {
        int n = x.shape()[0], c = x.shape()[1], hw = x.shape()[2] * x.shape()[3];
        Tensor out = Tensor.zeros(x.shape());
        for (int in = 0; in < n; in++) {
            for (int ic = 0; ic < c; ic++) {
                for (int p = 0; p < hw; p++) {
                    double sum = 0;
                    for (int j = ic - spec.size() / 2; j <= ic + (spec.size() - 1) / 2; j++) {
                        if (j >= 0 && j < c) {
                            double a = x.data()[(in * c + j) * hw + p];
                            sum += a * a;
                        }
                    }
                    int i = (in * c + ic) * hw + p;
                    out.data()[i] = x.data()[i] / Math.pow(spec.k() + spec.alpha() / spec.size() * sum, spec.beta());
                }
            }
        }
        return out;
    }

    /** {@code y[n,o] = b[o] + sum_i x[n,i] w[o,i]}. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        int n = x.shape()[0], in = x.shape()[1], out = w.shape()[0];
        Tensor y = Tensor.zeros(n, out);
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double sum = b == null ? 0 : b.data()[o];
                for (int i = 0; i < in; i++) {
                    sum += x.data()[r * in + i] * w.data()[o * in + i];
                }
                y.data()[r * out + o] = sum;
            }
        }
        return y;
    }

    /** {@code exp(z - max) / sum exp(z - max)} per row. */
    public static Tensor softmax(Tensor z) {
        int n = z.shape()[0], k = z.shape()[1];
        Tensor p = Tensor.zeros(n, k);
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                max = Math.max(max, z.data()[r * k + i]);
            }
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += Math.exp(z.data()[r * k + i] - max);
            }
            for (int i = 0; i < k; i++) {
                p.data()[r * k + i] = Math.exp(z.data()[r * k + i] - max) / sum;
            }
        }
        return p;
    }

    /** The mask of inverted dropout as the contract defines it: 1/(1-p) where draw i is at least p, else 0. */
    public static Tensor dropoutMask(int[] shape, double p, long seed) {
        Tensor mask = Tensor.zeros(shape);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < mask.data().length; i++) {
            mask.data()[i] = random.nextDouble() >= p ? 1 / (1 - p) : 0;
        }
        return mask;
    }
}
