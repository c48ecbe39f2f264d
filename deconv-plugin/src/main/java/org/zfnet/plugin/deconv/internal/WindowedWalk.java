package org.zfnet.plugin.deconv.internal;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.LrnSpec;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;

/**
 * The deconvnet's walk back from single activations (MAX mode), on windows. One activation reaches only its
 * receptive field, so at every layer only a window around it can be nonzero: the walk computes each layer on that
 * window alone (one window size for the batch, each window shifted to lie inside the layer's plane) and places the
 * last one in a zero image. Unpooling, rectification, LRN and the transposed filters act exactly as in
 * {@link Deconvnet#backward}; the result is the same, for the arithmetic of the windows (from conv5 of ZFNet: about
 * a fifth of the full walk's).
 */
final class WindowedWalk {

    /** The nonzero part of a batch's signal: per row its top-left corner in the layer's plane, one size for all. */
    private record Window(int[] top, int[] left, int height, int width, INDArray values) {

        int rows() {
            return top.length;
        }

        Window with(INDArray next) {
            return new Window(top, left, height, width, next);
        }
    }

    private WindowedWalk() {
    }

    /**
     * Projects, for row {@code j}, the activation {@code values[j]} of channel {@code channels[j]} at
     * {@code (rows[j], cols[j])} of layer {@code top}'s output for input {@code samples[j]} of the trace.
     *
     * @return {@code [rows, C, H, W]} in input space
     */
    static INDArray backward(ForwardTrace trace, int[] samples, int top, int[] channels, int[] rows, int[] cols,
            float[] values, Rule rule, boolean lrnGradient) {
        ComputeBackend b = trace.network().backend();
        List<LayerSpec> layers = trace.network().spec().layers();
        int n = samples.length;
        INDArray start = Nd4j.zeros(DataType.FLOAT, n, trace.output(top).size(1), 1, 1);
        for (int j = 0; j < n; j++) {
            start.putScalar(new long[] {j, channels[j], 0, 0}, values[j]);
        }
        Window w = new Window(rows.clone(), cols.clone(), 1, 1, start);
        for (int i = top; i >= 0; i--) {
            LayerSpec layer = layers.get(i);
            INDArray input = trace.inputOf(i);
            Window next = switch (layer.type()) {
                case "relu" -> w.with(relu(b, w, input, samples, rule));
                case "lrn" -> lrnGradient ? w.with(b.lrnBackward(crop(input, samples, w), w.values,
                        new LrnSpec(layer.size(), layer.alpha(), layer.beta(), layer.k()))) : w;
                case "maxpool" -> unpool(b, w, trace.pooling(i).switches(), samples, layer, input);
                case "conv" -> transpose(b, w, trace.network().parameters().get(layer.name() + ".weight"), layer,
                        input);
                case "dropout" -> w;
                default -> throw new InvalidInputException("deconvnet cannot pass a " + layer.type() + " layer");
            };
            if (next.values != w.values) {
                w.values.close();
            }
            w = next;
        }
        INDArray image = trace.input();
        try (INDArray last = w.values) {
            return placed(w, (int) image.size(2), (int) image.size(3));
        }
    }

    private static INDArray relu(ComputeBackend b, Window w, INDArray input, int[] samples, Rule rule) {
        if (rule == Rule.DECONVNET) {
            return b.reluInPlace(w.values);
        }
        try (INDArray forwardInput = crop(input, samples, w)) {
            if (rule == Rule.GRADIENT) {
                return b.reluBackward(forwardInput, w.values);
            }
            try (INDArray rectified = b.relu(w.values)) {
                return b.reluBackward(forwardInput, rectified);
            }
        }
    }

    /** Unpools the window into the window of the pooling's input that its switches can reach. */
    private static Window unpool(ComputeBackend b, Window w, INDArray switches, int[] samples, LayerSpec layer,
            INDArray input) {
        int k = layer.kernel();
        int s = ConvGeometry.of(layer).strideY();
        int height = (int) input.size(2);
        int width = (int) input.size(3);
        int h = Math.min((w.height - 1) * s + k, height);
        int wd = Math.min((w.width - 1) * s + k, width);
        int[] top = new int[w.rows()];
        int[] left = new int[w.rows()];
        for (int j = 0; j < w.rows(); j++) {
            top[j] = clamp(w.top[j] * s, height - h);
            left[j] = clamp(w.left[j] * s, width - wd);
        }
        // the window's switches, from indices into the input plane to indices into the new window:
        // y * width + x becomes (y - top) * wd + x - left
        int[] all = HostArrays.ints(switches);
        int channels = (int) switches.size(1);
        int ph = (int) switches.size(2);
        int pw = (int) switches.size(3);
        int[] rowOf = new int[height * width];
        for (int i = 0; i < rowOf.length; i++) {
            rowOf[i] = i / width;
        }
        int[] local = new int[w.rows() * channels * w.height * w.width];
        int o = 0;
        for (int j = 0; j < w.rows(); j++) {
            int shift = top[j] * wd + left[j];
            for (int c = 0; c < channels; c++) {
                for (int y = w.top[j]; y < w.top[j] + w.height; y++) {
                    int from = ((samples[j] * channels + c) * ph + y) * pw + w.left[j];
                    for (int x = 0; x < w.width; x++) {
                        int at = all[from + x];
                        local[o++] = at + rowOf[at] * (wd - width) - shift;
                    }
                }
            }
        }
        try (INDArray indices = HostArrays.ints(local, w.rows(), channels, w.height, w.width)) {
            return new Window(top, left, h, wd, b.unpool(w.values, indices, h, wd));
        }
    }

    /** The transposed filters on the window, all of their output kept, placed in a window of the layer's input. */
    private static Window transpose(ComputeBackend b, Window w, INDArray weights, LayerSpec layer, INDArray input) {
        int k = layer.kernel();
        ConvGeometry g = ConvGeometry.of(layer);
        int s = g.strideY();
        int p = g.padY();
        INDArray full = b.conv2dTranspose(w.values, weights, ConvGeometry.of(s, 0), (w.height - 1) * s + k,
                (w.width - 1) * s + k);
        int[] top = new int[w.rows()];
        int[] left = new int[w.rows()];
        for (int j = 0; j < w.rows(); j++) {
            top[j] = w.top[j] * s - p;
            left[j] = w.left[j] * s - p;
        }
        return shifted(new Window(top, left, (int) full.size(2), (int) full.size(3), full), (int) input.size(2),
                (int) input.size(3));
    }

    /**
     * The window cut to the plane and shifted to lie inside it, one size for all rows; what lies outside the plane
     * is dropped (it is the padding a convolution's transpose cuts off).
     */
    private static Window shifted(Window w, int height, int width) {
        int h = Math.min(w.height, height);
        int wd = Math.min(w.width, width);
        int[] top = new int[w.rows()];
        int[] left = new int[w.rows()];
        boolean inside = h == w.height && wd == w.width;
        for (int j = 0; j < w.rows(); j++) {
            top[j] = clamp(w.top[j], height - h);
            left[j] = clamp(w.left[j], width - wd);
            inside &= top[j] == w.top[j] && left[j] == w.left[j];
        }
        if (inside) {
            return w;
        }
        int channels = (int) w.values.size(1);
        float[] moved = move(HostArrays.floats(w.values), identity(w.rows()), channels, w,
                new Window(top, left, h, wd, null));
        return new Window(top, left, h, wd, HostArrays.floats(moved, w.rows(), channels, h, wd));
    }

    /** The windows placed in a zero plane of the full size. */
    private static INDArray placed(Window w, int height, int width) {
        int[] zero = new int[w.rows()];
        int channels = (int) w.values.size(1);
        float[] moved = move(HostArrays.floats(w.values), identity(w.rows()), channels, w,
                new Window(zero, zero, height, width, null));
        return HostArrays.floats(moved, w.rows(), channels, height, width);
    }

    /** The window's part of a full array of the trace (a forward input), for each row's sample. */
    private static INDArray crop(INDArray full, int[] samples, Window w) {
        int channels = (int) full.size(1);
        int[] zero = new int[(int) full.size(0)];
        float[] moved = move(HostArrays.floats(full), samples, channels,
                new Window(zero, zero, (int) full.size(2), (int) full.size(3), null), w);
        return HostArrays.floats(moved, w.rows(), channels, w.height, w.width);
    }

    /**
     * For each row {@code j} of the destination: the overlap of the source window of row {@code from[j]} and the
     * destination window {@code j} (corners in plane coordinates, {@code [rows, channels, height, width]} each),
     * zero where they do not overlap.
     */
    private static float[] move(float[] src, int[] from, int channels, Window source, Window target) {
        float[] dst = new float[from.length * channels * target.height * target.width];
        for (int j = 0; j < from.length; j++) {
            int sy = source.top[from[j]];
            int sx = source.left[from[j]];
            int dy = target.top[j];
            int dx = target.left[j];
            int y0 = Math.max(sy, dy);
            int y1 = Math.min(sy + source.height, dy + target.height);
            int x0 = Math.max(sx, dx);
            int x1 = Math.min(sx + source.width, dx + target.width);
            for (int c = 0; c < channels && x0 < x1; c++) {
                int srcPlane = (from[j] * channels + c) * source.height;
                int dstPlane = (j * channels + c) * target.height;
                for (int y = y0; y < y1; y++) {
                    System.arraycopy(src, (srcPlane + y - sy) * source.width + x0 - sx, dst,
                            (dstPlane + y - dy) * target.width + x0 - dx, x1 - x0);
                }
            }
        }
        return dst;
    }

    private static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int clamp(int corner, int last) {
        return Math.max(0, Math.min(corner, last));
    }
}
