package org.zfnet.serve.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.Figures;

/**
 * One tap's feature maps as a grid of channel thumbnails, as in Yosinski's DeepVis toolbox: channel {@code c} is tile
 * {@code c} in row-major order, each map scaled from 0 to its own maximum (grey levels; negative values, before a
 * rectifier, are black), enlarged by a whole factor (nearest pixel) to at least {@link #MIN_TILE} pixels.
 */
final class ChannelGrid {

    /** Thumbnails smaller than this (conv5 of zfnet-mini: 6x6) are enlarged by a whole factor. */
    static final int MIN_TILE = 24;
    /** Pixels between tiles. */
    static final int PAD = 1;

    /**
     * The grid and where each channel is in it.
     *
     * @param png     the grid picture
     * @param maxima  each channel's largest activation
     * @param columns tiles per row
     * @param tile    the side of a tile's square cell in pixels (the map enlarged, {@code tileHeight x tileWidth})
     */
    record Grid(byte[] png, float[] maxima, int columns, int tileHeight, int tileWidth) {
    }

    private ChannelGrid() {
    }

    /** The grid of input {@code 0} of a feature-map tap's output {@code [N, C, H, W]}. */
    static Grid of(INDArray maps, String tap) {
        if (maps.rank() != 4) {
            throw new HttpError(HttpError.BAD_REQUEST, "tap " + tap + " has no feature maps (its output is "
                    + java.util.Arrays.toString(maps.shape()) + "); channel grids are for [N, C, H, W] taps");
        }
        int channels = (int) maps.size(1);
        int h = (int) maps.size(2);
        int w = (int) maps.size(3);
        int factor = Math.max(1, (MIN_TILE + Math.min(h, w) - 1) / Math.min(h, w));
        float[] all = HostArrays.floats(maps.get(NDArrayIndex.point(0)).dup('c'));
        float[] maxima = new float[channels];
        List<INDArray> tiles = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            float max = Float.NEGATIVE_INFINITY;
            float[] map = new float[h * w];
            System.arraycopy(all, c * h * w, map, 0, h * w);
            for (float v : map) {
                max = Math.max(max, v);
            }
            maxima[c] = max;
            float scale = max > 0 ? 1f / max : 0f;
            for (int i = 0; i < map.length; i++) {
                map[i] = Math.max(0f, map[i] * scale);
            }
            INDArray grey = Figures.resize(HostArrays.floats(map, h, w), h * factor, w * factor);
            tiles.add(Nd4j.stack(0, grey, grey, grey));
        }
        int columns = (int) Math.ceil(Math.sqrt(channels));
        INDArray grid = Figures.grid(tiles, columns, PAD, 0.25f);
        byte[] png = PngBytes.of(grid);
        HostArrays.closeAll(tiles, grid);
        grid.close();
        return new Grid(png, maxima, columns, h * factor, w * factor);
    }
}
