package org.zfnet.backend.nd4j;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;

/**
 * Max pooling with switches and unpooling, as Java loops over each {@code (n, c)} plane in parallel, a plane at a
 * time in per-thread arrays. Ceil-mode windows are clipped to the input, which is pooling over minus-infinity
 * padding without the padded copy; declared padding is a padded copy of each plane.
 */
final class Pooling {

    private Pooling() {
    }

    /** The maxima ({@link #maxPoolValues}), then where each came from: the first position holding it, row-major. */
    static Pooled maxPool(INDArray input, PoolGeometry g) {
        Arrays4.requireFloat("maxPool", "input", input, 4);
        return pool("maxPool", input, g, true);
    }

    /** The maxima alone ({@link #windowMaxima}), without the search for where each came from. */
    static INDArray maxPoolValues(INDArray input, PoolGeometry g) {
        Arrays4.requireFloat("maxPoolValues", "input", input, 4);
        return pool("maxPoolValues", input, g, false).output();
    }

    private static Pooled pool(String kernel, INDArray input, PoolGeometry g, boolean withSwitches) {
        long[] s = input.shape();
        HostArrays.requireHostSize(kernel, "input", s);
        int planes = (int) (s[0] * s[1]);
        int h = (int) s[2];
        int w = (int) s[3];
        int oh = g.outputHeight(h);
        int ow = g.outputWidth(w);
        // padding: each plane is copied into a larger one filled with minus infinity, pooled there, and the switches
        // are turned back into positions of the input plane (a window always holds an input position: pad <= k/2)
        int top = g.padTop();
        int left = g.padLeft();
        int ph = h + top + g.padBottom();
        int pw = w + left + g.padRight();
        HostArrays.requireHostSize(kernel, "output", s[0], s[1], oh, ow);
        HostArrays.requireHostSize(kernel, "padded input", s[0], s[1], ph, pw);
        int k = g.kernel();
        int stride = g.stride();
        INDArray out = Direct.newFloats(s[0], s[1], oh, ow);
        INDArray switches = withSwitches ? Direct.newInts(s[0], s[1], oh, ow) : null;
        try (Direct in = Direct.read(input)) {
            FloatBuffer x = in.floats();
            FloatBuffer o = Direct.floats(out);
            IntBuffer sw = withSwitches ? Direct.ints(switches) : null;
            IntStream.range(0, planes).parallel().forEach(p -> {
                float[] plane = Direct.scratch(0, ph * pw);
                float[] column = Direct.scratch(1, pw);
                float[] best = Direct.scratch(2, oh * ow);
                float[] row = Direct.scratch(3, pw);
                if (g.isPadded()) {
                    Arrays.fill(plane, 0, ph * pw, Float.NEGATIVE_INFINITY);
                    for (int y = 0; y < h; y++) {
                        x.get((p * h + y) * w, plane, (y + top) * pw + left, w);
                    }
                } else {
                    x.get(p * h * w, plane, 0, h * w);
                }
                for (int oy = 0; oy < oh; oy++) {
                    windowMaxima(plane, column, row, best, oy * ow, oy * stride, ph, pw, ow, k, stride);
                }
                o.put(p * oh * ow, best, 0, oh * ow);
                if (withSwitches) {
                    int[] at = Direct.intScratch(oh * ow);
                    switches(plane, best, at, ph, pw, oh, ow, k, stride);
                    if (g.isPadded()) {
                        for (int i = 0; i < oh * ow; i++) {
                            at[i] = (at[i] / pw - top) * w + at[i] % pw - left;
                        }
                    }
                    sw.put(p * oh * ow, at, 0, oh * ow);
                }
            });
        }
        if (withSwitches) {
            HostArrays.written(out, switches);
        } else {
            HostArrays.written(out);
        }
        return new Pooled(out, switches);
    }

    /** For each output, the first position (row-major) in its window that holds its maximum. */
    private static void switches(float[] p, float[] best, int[] at, int h, int w, int oh, int ow, int k, int stride) {
        for (int oy = 0; oy < oh; oy++) {
            int y0 = oy * stride;
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * stride;
                float m = best[oy * ow + ox];
                if (k == 3 && y0 + 3 <= h && x0 + 3 <= w) {
                    // ZFNet's whole 3x3 windows: nine compares chosen from last to first, no branches to mispredict
                    int i = y0 * w + x0;
                    int o = i + 2 * w + 2;
                    o = p[i + 2 * w + 1] == m ? i + 2 * w + 1 : o;
                    o = p[i + 2 * w] == m ? i + 2 * w : o;
                    o = p[i + w + 2] == m ? i + w + 2 : o;
                    o = p[i + w + 1] == m ? i + w + 1 : o;
                    o = p[i + w] == m ? i + w : o;
                    o = p[i + 2] == m ? i + 2 : o;
                    o = p[i + 1] == m ? i + 1 : o;
                    o = p[i] == m ? i : o;
                    at[oy * ow + ox] = o;
                } else {
                    int where = y0 * w + x0;
                    find:
                    for (int y = y0, y1 = Math.min(y0 + k, h); y < y1; y++) {
                        for (int xx = x0, x1 = Math.min(x0 + k, w); xx < x1; xx++) {
                            if (p[y * w + xx] == m) {
                                where = y * w + xx;
                                break find;
                            }
                        }
                    }
                    at[oy * ow + ox] = where;
                }
            }
        }
    }

    /**
     * One output row: the maxima down the window's rows for every column, then across each window's columns; windows
     * are clipped at the bottom and right borders (ceil mode). Each row is first copied to the start of {@code row}:
     * the JIT vectorises {@code column[x] = max(column[x], row[x])}, but not the same loop reading the plane at the
     * row's offset (two float arrays at offsets it cannot compare), which measured 4x slower.
     */
    private static void windowMaxima(float[] plane, float[] column, float[] row, float[] best, int out, int y0, int h,
            int w, int ow, int k, int stride) {
        System.arraycopy(plane, y0 * w, column, 0, w);
        for (int y = y0 + 1, y1 = Math.min(y0 + k, h); y < y1; y++) {
            System.arraycopy(plane, y * w, row, 0, w);
            for (int x = 0; x < w; x++) {
                column[x] = Math.max(column[x], row[x]);
            }
        }
        int ox = 0;
        if (k == 3) {
            // ZFNet's 3x3 windows that lie wholly inside the row, without the inner loop (2x faster here)
            for (int whole = Math.min(ow, Math.floorDiv(w - 3, stride) + 1); ox < whole; ox++) {
                int x0 = ox * stride;
                best[out + ox] = Math.max(Math.max(column[x0], column[x0 + 1]), column[x0 + 2]);
            }
        }
        for (; ox < ow; ox++) {
            int x0 = ox * stride;
            float m = column[x0];
            for (int x = x0 + 1, x1 = Math.min(x0 + k, w); x < x1; x++) {
                m = Math.max(m, column[x]);
            }
            best[out + ox] = m;
        }
    }

    static INDArray unpool(INDArray values, INDArray switches, int height, int width) {
        Arrays4.requireFloat("unpool", "values", values, 4);
        Arrays4.require("unpool", "switches", switches, 4, DataType.INT32);
        Arrays4.requireSameShape("unpool", "values", values, "switches", switches);
        long[] s = values.shape();
        HostArrays.requireHostSize("unpool", "values", s);
        HostArrays.requireHostSize("unpool", "output", s[0], s[1], height, width);
        int planes = (int) (s[0] * s[1]);
        int plane = height * width;
        int cells = (int) (s[2] * s[3]);
        INDArray out = Direct.newFloats(s[0], s[1], height, width);
        try (Direct v = Direct.read(values); Direct sw = Direct.read(switches)) {
            FloatBuffer vb = v.floats();
            IntBuffer sb = sw.ints();
            FloatBuffer o = Direct.floats(out);
            IntStream.range(0, planes).parallel().forEach(p -> {
                float[] sum = Direct.scratch(0, plane);
                float[] cell = Direct.scratch(1, cells);
                int[] at = Direct.intScratch(cells);
                Arrays.fill(sum, 0, plane, 0f);
                vb.get(p * cells, cell, 0, cells);
                sb.get(p * cells, at, 0, cells);
                for (int i = 0; i < cells; i++) {
                    if (at[i] < 0 || at[i] >= plane) {
                        throw new InvalidInputException("unpool: switch " + at[i] + " lies outside the " + height + "x"
                                + width + " plane");
                    }
                    sum[at[i]] += cell[i];
                }
                o.put(p * plane, sum, 0, plane);
            });
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        HostArrays.written(out);
        return out;
    }
}
