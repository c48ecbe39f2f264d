package org.zfnet.model.internal.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * The nonzero part of a signal in a windowed walk (Zeiler and Fergus's deconvnet from single activations, arXiv
 * 1311.2901, Sec. 2.1): per row its top-left corner in the layer's plane, one height and width for all rows, and the
 * values {@code [rows, C, height, width]} (NCHW). Row {@code j} belongs to the input {@code samples[j]} of the trace
 * that the walk is given alongside.
 */
public record Window(int[] top, int[] left, int height, int width, INDArray values) {

    public int rows() {
        return top.length;
    }

    /** The same box holding other values. */
    public Window with(INDArray next) {
        return new Window(top, left, height, width, next);
    }

    /** Row {@code j}'s box in the plane. */
    public Region region(int j) {
        return new Region(top[j], left[j], top[j] + height, left[j] + width);
    }

    /**
     * The projection of a layer whose output position depends on the same input position alone (rectifiers, LRN
     * across channels, add, concat, dropout, identity): its own projection on the window's crop of its inputs and
     * output; each input's signal has the same box.
     */
    public static List<Window> sameBox(LayerType type, LayerCall call, INDArray output, int[] samples, Window signal,
            ProjectionRule rule, boolean lrnGradient) {
        boolean[] needed = new boolean[call.inputs().size()];
        Arrays.fill(needed, true);
        try (CroppedCall cropped = new CroppedCall(call, samples, signal); INDArray out = signal.crop(output, samples)) {
            List<Window> next = new ArrayList<>();
            for (INDArray s : type.project(cropped, out, signal.values, rule, lrnGradient, needed)) {
                next.add(signal.with(s));
            }
            return next;
        }
    }

    /** This box of a full array of the trace {@code [N, C, H, W]} for each row's sample (the box lies in the plane). */
    public INDArray crop(INDArray full, int[] samples) {
        INDArray[] rows = new INDArray[rows()];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = full.get(NDArrayIndex.interval(samples[j], samples[j] + 1), NDArrayIndex.all(),
                    NDArrayIndex.interval(top[j], top[j] + height), NDArrayIndex.interval(left[j], left[j] + width));
        }
        return rows.length == 1 ? rows[0].dup('c') : Nd4j.concat(0, rows).dup('c');
    }

    /**
     * The window cut to a {@code planeHeight x planeWidth} plane and shifted to lie inside it, one size for all rows;
     * what lies outside the plane is dropped (the padding a convolution's transpose cuts off). Returns this window
     * when it lies inside, else a new one, closing this one's values.
     */
    public Window shifted(int planeHeight, int planeWidth) {
        int h = Math.min(height, planeHeight);
        int wd = Math.min(width, planeWidth);
        int[] t = new int[rows()];
        int[] l = new int[rows()];
        boolean inside = h == height && wd == width;
        for (int j = 0; j < rows(); j++) {
            t[j] = clamp(top[j], planeHeight - h);
            l[j] = clamp(left[j], planeWidth - wd);
            inside &= t[j] == top[j] && l[j] == left[j];
        }
        if (inside) {
            return this;
        }
        Window moved = moveTo(new Window(t, l, h, wd, null));
        values.close();
        return moved;
    }

    /** The sum of two windows of the same rows, on one box per row holding both, shifted into the plane. */
    public Window plus(Window other, int planeHeight, int planeWidth) {
        int h = 0;
        int wd = 0;
        for (int j = 0; j < rows(); j++) {
            Region u = region(j).union(other.region(j));
            h = Math.max(h, u.height());
            wd = Math.max(wd, u.width());
        }
        h = Math.min(h, planeHeight);
        wd = Math.min(wd, planeWidth);
        int[] t = new int[rows()];
        int[] l = new int[rows()];
        for (int j = 0; j < rows(); j++) {
            t[j] = clamp(Math.min(top[j], other.top[j]), planeHeight - h);
            l[j] = clamp(Math.min(left[j], other.left[j]), planeWidth - wd);
        }
        Window box = new Window(t, l, h, wd, null);
        INDArray sum = moveTo(box).values;
        try (INDArray second = other.moveTo(box).values) {
            sum.addi(second);
        }
        return box.with(sum);
    }

    /** The windows placed in a zero plane of the full size: {@code [rows, C, planeHeight, planeWidth]}. */
    public INDArray placed(int planeHeight, int planeWidth) {
        int[] zero = new int[rows()];
        return moveTo(new Window(zero, zero, planeHeight, planeWidth, null)).values;
    }

    /** For each row, the overlap of this window and the target box, zero where they do not overlap. */
    private Window moveTo(Window target) {
        int channels = (int) values.size(1);
        float[] src = HostArrays.floats(values);
        float[] dst = new float[rows() * channels * target.height * target.width];
        for (int j = 0; j < rows(); j++) {
            int y0 = Math.max(top[j], target.top[j]);
            int y1 = Math.min(top[j] + height, target.top[j] + target.height);
            int x0 = Math.max(left[j], target.left[j]);
            int x1 = Math.min(left[j] + width, target.left[j] + target.width);
            for (int c = 0; c < channels && x0 < x1; c++) {
                int srcPlane = (j * channels + c) * height;
                int dstPlane = (j * channels + c) * target.height;
                for (int y = y0; y < y1; y++) {
                    System.arraycopy(src, (srcPlane + y - top[j]) * width + x0 - left[j], dst,
                            (dstPlane + y - target.top[j]) * target.width + x0 - target.left[j], x1 - x0);
                }
            }
        }
        return target.with(HostArrays.floats(dst, rows(), channels, target.height, target.width));
    }

    static int clamp(int corner, int last) {
        return Math.max(0, Math.min(corner, last));
    }
}
