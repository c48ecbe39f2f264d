package org.zfnet.plugin.deconv.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.analysis.Figures;

/** Receptive-field crops as equal tiles, and the paper's Fig. 2 layout: projections beside image patches. */
final class Tiles {

    static final float GREY = 0.5f;
    static final float BACKGROUND = 1f;

    private Tiles() {
    }

    /**
     * The field's pixels of an RGB image {@code [3, H, W]} on a {@code size x size} grey tile, at the place they
     * hold in the full field (so that fields cut by the border stay aligned).
     */
    static INDArray crop(INDArray rgb, ReceptiveField field, int size) {
        INDArray tile = Nd4j.valueArrayOf(new long[] {3, size, size}, GREY, DataType.FLOAT);
        int h = Math.min(field.height(), size - field.clipTop());
        int w = Math.min(field.width(), size - field.clipLeft());
        if (h > 0 && w > 0) {
            tile.get(NDArrayIndex.all(), NDArrayIndex.interval(field.clipTop(), field.clipTop() + h),
                    NDArrayIndex.interval(field.clipLeft(), field.clipLeft() + w))
                    .assign(rgb.get(NDArrayIndex.all(), NDArrayIndex.interval(field.y0(), field.y0() + h),
                            NDArrayIndex.interval(field.x0(), field.x0() + w)));
        }
        return tile;
    }

    /** A signed projection's field crop shown as in the paper: each projection scaled on its own. */
    static INDArray projectionTile(INDArray projection, ReceptiveField field, int size) {
        INDArray pixels = projection.rank() == 4 ? projection.get(NDArrayIndex.point(0)) : projection;
        INDArray cropped = pixels.get(NDArrayIndex.all(), NDArrayIndex.interval(field.y0(), field.y1()),
                NDArrayIndex.interval(field.x0(), field.x1())).dup('c');
        return crop(Figures.signedToRgb(cropped), shifted(field), size);
    }

    /** An image crop (the input as the network saw it). */
    static INDArray patchTile(INDArray display, ReceptiveField field, int size) {
        return crop(display, field, size);
    }

    /** {@code k} projections as a square grid beside the same {@code k} patches (paper Fig. 2). */
    static INDArray pairGrid(List<INDArray> projections, List<INDArray> patches, int columns, int size) {
        List<INDArray> p = fill(projections, columns, size);
        List<INDArray> q = fill(patches, columns, size);
        INDArray left = Figures.grid(p, columns, 1, BACKGROUND);
        INDArray right = Figures.grid(q, columns, 1, BACKGROUND);
        return Figures.grid(List.of(left, right), 2, 3, BACKGROUND);
    }

    private static List<INDArray> fill(List<INDArray> tiles, int columns, int size) {
        List<INDArray> out = new ArrayList<>(tiles);
        int full = columns * columns;
        while (out.size() < full) {
            out.add(Nd4j.valueArrayOf(new long[] {3, size, size}, BACKGROUND, DataType.FLOAT));
        }
        return out;
    }

    /** The field of an image already cropped to it. */
    private static ReceptiveField shifted(ReceptiveField field) {
        return new ReceptiveField(0, 0, field.height(), field.width(), field.clipTop(), field.clipLeft());
    }
}
