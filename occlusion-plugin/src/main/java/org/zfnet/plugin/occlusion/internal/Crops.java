package org.zfnet.plugin.occlusion.internal;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.model.Region;

/**
 * A layer's inputs under occlusion, assembled from the unoccluded outputs and the changed boxes: crops for the layers
 * computed on boxes, whole maps for the tail.
 */
final class Crops {

    /**
     * A layer input's unoccluded values inside the border its windows reach past the edges (zero, or minus infinity for
     * max pooling), so that every crop lies inside and is copied row by row without tests.
     */
    private record Bordered(float[] values, int height, int width, int top, int left) {
    }

    /** Per-thread arrays for assembling crops. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private final Plan plan;
    /** Per slot, the unoccluded output of one sample (C, H, W), for the slots computed on boxes. */
    private final float[][] baseline;
    /** Per layer and input, the bordered input, made on first use. */
    private final Map<Long, Bordered> bordered = new HashMap<>();
    /** Per layer and input, the last batch's crop array, reused by the next batch of the same shape during a run. */
    private final Map<Long, INDArray> arrays = new HashMap<>();

    Crops(Plan plan, float[][] baseline) {
        this.plan = plan;
        this.baseline = baseline;
    }

    float[] baseline(int slot) {
        return baseline[slot];
    }

    private static long key(int layer, int input) {
        return ((long) layer << 32) | input;
    }

    /** Input {@code input} of layer {@code layer} inside its border, {@code border} past the edges. */
    private Bordered bordered(int layer, int input, float border) {
        return bordered.computeIfAbsent(key(layer, input), k -> {
            int slot = plan.inputSlots(layer)[input];
            long[] in = plan.shape(slot);
            long[] out = plan.shape(layer + 1);
            int c = (int) in[0];
            int h = (int) in[1];
            int w = (int) in[2];
            Region reach = plan.layers().inputRegion(layer, input, new Region(0, 0, (int) out[1], (int) out[2]))
                    .union(new Region(0, 0, h, w));
            int bh = reach.height();
            int bw = reach.width();
            float[] values = new float[c * bh * bw];
            Arrays.fill(values, border);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(baseline[slot], (ch * h + y) * w, values,
                            (ch * bh - reach.top() + y) * bw - reach.left(), w);
                }
            }
            return new Bordered(values, bh, bw, -reach.top(), -reach.left());
        });
    }

    /**
     * The crops {@code [N, C, regions' height, width]} of input {@code input} of layer {@code layer}: per position
     * {@code b} the unoccluded values of {@code regions[b]} (all of one size), with the changed box written
     * over them and {@code border} past the edges. The array is reused by the next call for the same input.
     */
    INDArray crop(int layer, int input, Box in, Region[] regions, float border) {
        Bordered base = bordered(layer, input, border);
        int n = regions.length;
        int channels = (int) plan.shape(plan.inputSlots(layer)[input])[0];
        int cropH = regions[0].height();
        int cropW = regions[0].width();
        INDArray x = array(key(layer, input), n, channels, cropH, cropW);
        // the crops are assembled a position at a time (all its channels) in per-thread arrays and written straight
        // into the kernel's input: the unoccluded rows from the bordered input, then the changed box over them; one
        // bulk copy in and one out per position
        int boxSize = in.height() * in.width();
        int cropSize = cropH * cropW;
        try (INDArray plainIn = HostArrays.isPlain(in.values()) ? null : in.values().dup('c')) {
            FloatBuffer patched = HostArrays.buffer(plainIn != null ? plainIn : in.values());
            FloatBuffer crop = HostArrays.buffer(x);
            IntStream.range(0, n).parallel().forEach(b -> {
                float[][] scratch = SCRATCH.get();
                float[] out = scratch[0] = ensure(scratch[0], channels * cropSize);
                float[] box = scratch[1] = ensure(scratch[1], channels * boxSize);
                patched.get(b * channels * boxSize, box, 0, channels * boxSize);
                // the crop's corner in the input, and the part of the changed box inside the crop
                int wy = regions[b].top();
                int wx = regions[b].left();
                int y0 = Math.max(in.top()[b], wy);
                int y1 = Math.min(in.top()[b] + in.height(), wy + cropH);
                int x0 = Math.max(in.left()[b], wx);
                int x1 = Math.min(in.left()[b] + in.width(), wx + cropW);
                int from = (wy + base.top()) * base.width() + wx + base.left();
                for (int c = 0; c < channels; c++) {
                    int src = c * base.height() * base.width() + from;
                    int dst = c * cropSize;
                    for (int r = 0; r < cropH; r++) {
                        System.arraycopy(base.values(), src + r * base.width(), out, dst + r * cropW, cropW);
                    }
                    for (int y = y0; x0 < x1 && y < y1; y++) {
                        System.arraycopy(box, c * boxSize + (y - in.top()[b]) * in.width() + x0 - in.left()[b], out,
                                dst + (y - wy) * cropW + x0 - wx, x1 - x0);
                    }
                }
                crop.put(b * channels * cropSize, out, 0, channels * cropSize);
            });
        }
        HostArrays.written(x);
        return x;
    }

    /** Whether {@code a} is one of the reused crop arrays. */
    boolean isCrop(INDArray a) {
        return arrays.values().stream().anyMatch(c -> c == a);
    }

    /**
     * An array for a layer's crops, the previous batch's when it has the shape: every element is written before it is
     * read, and ND4J clears each new array, which measured ~70 ms per ZFNet image here.
     */
    private INDArray array(long key, long... shape) {
        INDArray a = arrays.get(key);
        if (a == null || !Arrays.equals(a.shape(), shape)) {
            if (a != null) {
                a.close();
            }
            a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            arrays.put(key, a);
        }
        return a;
    }

    /** Closes the reused crop arrays (at the end of a run). */
    void close() {
        arrays.values().forEach(INDArray::close);
        arrays.clear();
    }

    private static float[] ensure(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** The whole output of slot {@code slot} per position: the unoccluded map with the box written in. */
    INDArray whole(Box box, int slot) {
        long[] d = plan.shape(slot);
        int c = (int) d[0];
        int h = (int) d[1];
        int w = (int) d[2];
        int n = box.top().length;
        float[] base = baseline[slot];
        float[] v = HostArrays.floats(box.values());
        float[] out = new float[n * c * h * w];
        for (int b = 0; b < n; b++) {
            System.arraycopy(base, 0, out, b * c * h * w, c * h * w);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < box.height(); y++) {
                    System.arraycopy(v, ((b * c + ch) * box.height() + y) * box.width(), out,
                            ((b * c + ch) * h + box.top()[b] + y) * w + box.left()[b], box.width());
                }
            }
        }
        return HostArrays.floats(out, n, c, h, w);
    }
}
