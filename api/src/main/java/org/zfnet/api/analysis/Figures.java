package org.zfnet.api.analysis;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

/**
 * Building blocks for figures, as data: images are {@code [3, H, W]} float32 in [0, 1]. Plugins compose
 * their figures with these; the launcher's writer turns them into PNG.
 */
public final class Figures {

    private Figures() {
    }

    /** A network input {@code [3, H, W]} (or {@code [1, 3, H, W]}) back to RGB in [0, 1], undoing mean and std. */
    public static INDArray toDisplay(INDArray input, ModelSpec spec) {
        INDArray x = input.rank() == 4 ? input.get(NDArrayIndex.point(0)) : input;
        Preprocessing p = spec.preprocessing();
        INDArray rgb = x.dup('c').castTo(DataType.FLOAT);
        for (int c = 0; c < 3; c++) {
            double std = p == null ? 1 : p.std().get(c);
            double mean = p == null ? 0 : p.mean().get(c);
            rgb.get(NDArrayIndex.point(c)).muli(std).addi(mean);
        }
        return clip(rgb);
    }

    /**
     * A signed projection shown as in the paper's figures: zero is mid-grey, the same scale for the three
     * channels, and the 99.5th percentile of the magnitudes reaches black or white (the few larger values are
     * clipped, so that one strong pixel does not leave the rest invisible).
     */
    public static INDArray signedToRgb(INDArray projection) {
        INDArray x = projection.rank() == 4 ? projection.get(NDArrayIndex.point(0)) : projection;
        float[] magnitudes = HostArrays.floats(x.castTo(DataType.FLOAT));
        for (int i = 0; i < magnitudes.length; i++) {
            magnitudes[i] = Math.abs(magnitudes[i]);
        }
        java.util.Arrays.sort(magnitudes);
        double scale = magnitudes.length == 0 ? 0 : magnitudes[(int) Math.floor(0.995 * (magnitudes.length - 1))];
        if (scale <= 0) {
            scale = magnitudes.length == 0 ? 1 : Math.max(magnitudes[magnitudes.length - 1], 1e-12);
        }
        INDArray rgb = clip(x.dup('c').castTo(DataType.FLOAT).divi(2 * scale).addi(0.5));
        if (rgb.rank() == 2) {
            return Nd4j.stack(0, rgb, rgb, rgb);
        }
        return rgb;
    }

    /** Each array scaled from its own min..max to [0, 1] (layer-1 filters). */
    public static INDArray stretch(INDArray x) {
        double lo = x.minNumber().doubleValue();
        double hi = x.maxNumber().doubleValue();
        INDArray out = x.dup('c').castTo(DataType.FLOAT).subi(lo);
        return hi > lo ? out.divi(hi - lo) : out;
    }

    /** A map {@code [h, w]} through a perceptual colour scale (dark blue, teal, green, yellow), min to max. */
    public static INDArray colormap(INDArray map) {
        INDArray v = stretch(map);
        float[] t = HostArrays.floats(v);
        int h = (int) map.size(0);
        int w = (int) map.size(1);
        float[] rgb = new float[3 * h * w];
        for (int i = 0; i < t.length; i++) {
            float[] c = scale(t[i]);
            rgb[i] = c[0];
            rgb[h * w + i] = c[1];
            rgb[2 * h * w + i] = c[2];
        }
        return HostArrays.floats(rgb, 3, h, w);
    }

    /** A viridis-like scale: four stops, linear between them. */
    private static float[] scale(float t) {
        float[][] stops = {{0.27f, 0.00f, 0.33f}, {0.19f, 0.41f, 0.56f}, {0.21f, 0.72f, 0.47f}, {0.99f, 0.91f, 0.14f}};
        float x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min((int) x, stops.length - 2);
        float f = x - i;
        return new float[] {stops[i][0] + f * (stops[i + 1][0] - stops[i][0]),
            stops[i][1] + f * (stops[i + 1][1] - stops[i][1]), stops[i][2] + f * (stops[i + 1][2] - stops[i][2])};
    }

    /** A map {@code [h, w]} stretched over an image {@code [3, H, W]} (nearest cell) and blended with it. */
    public static INDArray heatmapOver(INDArray image, INDArray map, double alpha) {
        int h = (int) image.size(1);
        int w = (int) image.size(2);
        INDArray colours = colormap(resize(map, h, w));
        return image.mul(1 - alpha).addi(colours.muli(alpha));
    }

    /** Nearest-neighbour resize of a map {@code [h, w]} (each output pixel takes the cell it falls in). */
    public static INDArray resize(INDArray map, int height, int width) {
        int h = (int) map.size(0);
        int w = (int) map.size(1);
        float[] in = HostArrays.floats(map.castTo(DataType.FLOAT));
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(h - 1, y * h / height);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = in[sy * w + Math.min(w - 1, x * w / width)];
            }
        }
        return HostArrays.floats(out, height, width);
    }

    /** Tiles {@code [3, h, w]} (same size) in rows of {@code columns}, {@code pad} pixels apart on a background. */
    public static INDArray grid(List<INDArray> tiles, int columns, int pad, float background) {
        if (tiles.isEmpty()) {
            throw new InvalidInputException("a grid needs at least one tile");
        }
        long h = tiles.get(0).size(1);
        long w = tiles.get(0).size(2);
        int rows = (tiles.size() + columns - 1) / columns;
        int cols = Math.min(columns, tiles.size());
        INDArray out = Nd4j.valueArrayOf(new long[] {3, rows * (h + pad) + pad, cols * (w + pad) + pad}, background,
                DataType.FLOAT);
        for (int i = 0; i < tiles.size(); i++) {
            INDArray tile = tiles.get(i);
            if (tile.size(1) != h || tile.size(2) != w) {
                throw new InvalidInputException("grid tiles differ in size");
            }
            long y0 = pad + (i / columns) * (h + pad);
            long x0 = pad + (i % columns) * (w + pad);
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(y0, y0 + h), NDArrayIndex.interval(x0, x0 + w)).assign(tile);
        }
        return out;
    }

    /**
     * A line plot as an image: one line per named series over the same x values, with axes, ticks and a legend.
     *
     * @param series name to y values (same length as {@code xs}), in legend order
     */
    public static INDArray linePlot(String title, String xLabel, String yLabel, double[] xs,
            java.util.Map<String, double[]> series) {
        return LinePlot.draw(title, xLabel, yLabel, xs, series);
    }

    /** Values below 0 become 0, above 1 become 1. */
    public static INDArray clip(INDArray rgb) {
        return org.nd4j.linalg.ops.transforms.Transforms.min(org.nd4j.linalg.ops.transforms.Transforms.max(rgb, 0, false),
                1, false);
    }
}
