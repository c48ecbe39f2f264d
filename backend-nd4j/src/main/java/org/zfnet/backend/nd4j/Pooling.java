package org.zfnet.backend.nd4j;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;

/**
 * Max pooling with switches and unpooling, as Java loops over each {@code (n, c)} plane in parallel.
 * Ceil-mode windows are clipped to the input, which is pooling over minus-infinity padding without
 * the padded copy.
 */
final class Pooling {

    private Pooling() {
    }

    static Pooled maxPool(INDArray input, PoolGeometry g) {
        Arrays4.requireFloat("maxPool", "input", input, 4);
        long[] s = input.shape();
        int planes = (int) (s[0] * s[1]);
        int h = (int) s[2];
        int w = (int) s[3];
        int oh = g.outputSize(h);
        int ow = g.outputSize(w);
        float[] x = Arrays4.floats(input);
        float[] out = new float[planes * oh * ow];
        int[] switches = new int[out.length];
        int k = g.kernel();
        int stride = g.stride();
        IntStream.range(0, planes).parallel().forEach(p -> {
            int in0 = p * h * w;
            int out0 = p * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * stride;
                int y1 = Math.min(y0 + k, h);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * stride;
                    int x1 = Math.min(x0 + k, w);
                    float best = Float.NEGATIVE_INFINITY;
                    int at = y0 * w + x0;
                    for (int y = y0; y < y1; y++) {
                        for (int xx = x0; xx < x1; xx++) {
                            float v = x[in0 + y * w + xx];
                            if (v > best) {
                                best = v;
                                at = y * w + xx;
                            }
                        }
                    }
                    out[out0 + oy * ow + ox] = best;
                    switches[out0 + oy * ow + ox] = at;
                }
            }
        });
        long[] shape = {s[0], s[1], oh, ow};
        return new Pooled(Arrays4.floatArray(out, shape), Arrays4.intArray(switches, shape));
    }

    static INDArray unpool(INDArray values, INDArray switches, int height, int width) {
        Arrays4.requireFloat("unpool", "values", values, 4);
        Arrays4.require("unpool", "switches", switches, 4, DataType.INT32);
        Arrays4.requireSameShape("unpool", "values", values, "switches", switches);
        long[] s = values.shape();
        int planes = (int) (s[0] * s[1]);
        int plane = height * width;
        int cells = (int) (s[2] * s[3]);
        float[] v = Arrays4.floats(values);
        int[] sw = Arrays4.ints(switches);
        float[] out = new float[planes * plane];
        IntStream.range(0, planes).parallel().forEach(p -> {
            for (int i = p * cells, end = i + cells; i < end; i++) {
                int at = sw[i];
                if (at < 0 || at >= plane) {
                    throw new InvalidInputException("unpool: switch " + at + " lies outside the " + height + "x"
                            + width + " plane");
                }
                out[p * plane + at] += v[i];
            }
        });
        return Arrays4.floatArray(out, s[0], s[1], height, width);
    }
}
