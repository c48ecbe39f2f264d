package org.zfnet.plugin.occlusion.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.Figures;

/** The occlusion figures: grid maps laid over the image where each square's centre was, and the class map's legend. */
final class Pictures {

    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf};

    private Pictures() {
    }

    /** An {@code [H, W]} map: each pixel takes the value of the position whose square is centred nearest to it. */
    static INDArray centred(float[] values, Grid g) {
        float[] out = new float[g.height() * g.width()];
        for (int y = 0; y < g.height(); y++) {
            int r = clamp(Math.round((y - g.patch() / 2f) / g.stride()), g.rows());
            for (int x = 0; x < g.width(); x++) {
                int c = clamp(Math.round((x - g.patch() / 2f) / g.stride()), g.cols());
                out[y * g.width() + x] = values[r * g.cols() + c];
            }
        }
        return HostArrays.floats(out, g.height(), g.width());
    }

    static INDArray over(INDArray display, float[] values, Grid g) {
        return Figures.heatmapOver(display, centred(values, g), 0.6);
    }

    /**
     * The most probable class at each position, one colour per class over the image (the commonest class faintly,
     * the others strongly, so that changes stand out), and a legend of names.
     */
    static INDArray classMap(INDArray display, int[] classes, Grid g, List<String> names) {
        int h = g.height();
        int w = g.width();
        int scale = Math.max(1, 224 / Math.min(h, w));
        java.util.SortedSet<Integer> shown = new java.util.TreeSet<>();
        for (int c : classes) {
            shown.add(c);
        }
        int legendWidth = 150;
        BufferedImage image = new BufferedImage(w * scale + legendWidth, Math.max(h * scale, 20 * shown.size() + 10),
                BufferedImage.TYPE_INT_RGB);
        float[] rgb = HostArrays.floats(display);
        float[] asFloat = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            asFloat[i] = classes[i];
        }
        float[] map = HostArrays.floats(centred(asFloat, g));
        int common = java.util.Arrays.stream(classes).boxed().collect(java.util.stream.Collectors.groupingBy(c -> c,
                java.util.stream.Collectors.counting())).entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .map(java.util.Map.Entry::getKey).orElse(0);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int i = (y / scale) * w + x / scale;
                int colour = PALETTE[(int) map[i] % PALETTE.length];
                float alpha = (int) map[i] == common ? 0.3f : 0.85f;
                int r = blend(rgb[i], (colour >> 16) & 0xff, alpha);
                int gr = blend(rgb[h * w + i], (colour >> 8) & 0xff, alpha);
                int b = blend(rgb[2 * h * w + i], colour & 0xff, alpha);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        Graphics2D gfx = image.createGraphics();
        gfx.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        gfx.setColor(Color.WHITE);
        gfx.fillRect(w * scale, 0, legendWidth, image.getHeight());
        gfx.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int row = 0;
        for (int c : shown) {
            int y = 10 + row * 20;
            gfx.setColor(new Color(PALETTE[c % PALETTE.length]));
            gfx.fillRect(w * scale + 8, y, 14, 14);
            gfx.setColor(Color.BLACK);
            gfx.drawString(names.get(c), w * scale + 28, y + 12);
            row++;
        }
        gfx.dispose();
        return toArray(image);
    }

    private static int blend(float pixel, int colour, float alpha) {
        return Math.max(0, Math.min(255, Math.round((1 - alpha) * pixel * 255 + alpha * colour)));
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    static INDArray toArray(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] out = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                out[y * w + x] = ((p >> 16) & 0xff) / 255f;
                out[h * w + y * w + x] = ((p >> 8) & 0xff) / 255f;
                out[2 * h * w + y * w + x] = (p & 0xff) / 255f;
            }
        }
        return HostArrays.floats(out, 3, h, w);
    }
}
