package org.zfnet.backend.nd4j;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.PoolGeometry;

/**
 * Average pooling and its adjoint as Java loops over each {@code (n, c)} plane, with PyTorch's divisor: a window is
 * clipped to the padded input (ceil mode's last window), then to the input; with {@code countPad} the divisor is the
 * first clipped size, else the second.
 */
final class AveragePooling {

    private AveragePooling() {
    }

    static INDArray avgPool(INDArray input, PoolGeometry g) {
        Arrays4.requireFloat("avgPool", "input", input, 4);
        long[] s = input.shape();
        HostArrays.requireHostSize("avgPool", "input", s);
        int h = (int) s[2];
        int w = (int) s[3];
        int oh = g.outputHeight(h);
        int ow = g.outputWidth(w);
        HostArrays.requireHostSize("avgPool", "output", s[0], s[1], oh, ow);
        float[] x = HostArrays.floats(input);
        float[] out = new float[(int) (s[0] * s[1]) * oh * ow];
        IntStream.range(0, (int) (s[0] * s[1])).parallel().forEach(p -> {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    Window win = window(g, oy, ox, h, w);
                    double sum = 0;
                    for (int y = win.y0; y < win.y1; y++) {
                        for (int xx = win.x0; xx < win.x1; xx++) {
                            sum += x[(p * h + y) * w + xx];
                        }
                    }
                    out[(p * oh + oy) * ow + ox] = (float) (sum / win.divisor);
                }
            }
        });
        return HostArrays.floats(out, s[0], s[1], oh, ow);
    }

    static INDArray avgPoolBackward(INDArray gradOutput, PoolGeometry g, int height, int width) {
        Arrays4.requireFloat("avgPoolBackward", "gradOutput", gradOutput, 4);
        long[] s = gradOutput.shape();
        int oh = g.outputHeight(height);
        int ow = g.outputWidth(width);
        if (s[2] != oh || s[3] != ow) {
            throw new InvalidInputException("avgPoolBackward: a " + height + "x" + width + " input pools to " + oh + "x"
                    + ow + ", not " + s[2] + "x" + s[3]);
        }
        HostArrays.requireHostSize("avgPoolBackward", "output", s[0], s[1], height, width);
        float[] grad = HostArrays.floats(gradOutput);
        float[] out = new float[(int) (s[0] * s[1]) * height * width];
        IntStream.range(0, (int) (s[0] * s[1])).parallel().forEach(p -> {
            double[] plane = new double[height * width];
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    Window win = window(g, oy, ox, height, width);
                    double share = grad[(p * oh + oy) * ow + ox] / (double) win.divisor;
                    for (int y = win.y0; y < win.y1; y++) {
                        for (int xx = win.x0; xx < win.x1; xx++) {
                            plane[y * width + xx] += share;
                        }
                    }
                }
            }
            for (int i = 0; i < plane.length; i++) {
                out[p * height * width + i] = (float) plane[i];
            }
        });
        return HostArrays.floats(out, s[0], s[1], height, width);
    }

    /** The input rows {@code [y0, y1)} and columns {@code [x0, x1)} of a window, and what its sum is divided by. */
    private record Window(int y0, int y1, int x0, int x1, int divisor) {
    }

    private static Window window(PoolGeometry g, int oy, int ox, int h, int w) {
        int ys = oy * g.stride() - g.padTop();
        int xs = ox * g.stride() - g.padLeft();
        int ye = Math.min(ys + g.kernel(), h + g.padBottom());
        int xe = Math.min(xs + g.kernel(), w + g.padRight());
        int padded = (ye - ys) * (xe - xs);
        int y0 = Math.max(ys, 0);
        int x0 = Math.max(xs, 0);
        int y1 = Math.min(ye, h);
        int x1 = Math.min(xe, w);
        return new Window(y0, y1, x0, x1, g.countPad() ? padded : (y1 - y0) * (x1 - x0));
    }
}
