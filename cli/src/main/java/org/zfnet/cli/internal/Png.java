package org.zfnet.cli.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.Figure;
import org.zfnet.api.analysis.Figures;
import org.zfnet.formats.PngFiles;

/** Figures to PNG: colours mapped by the figure's kind, small figures enlarged (nearest pixel) for viewing. */
final class Png {

    /** Figures whose shorter side is below this are enlarged by a whole factor. */
    static final int MIN_SIDE = 224;

    private Png() {
    }

    static void write(Path file, Figure figure) {
        INDArray rgb = switch (figure.kind()) {
            case RGB -> figure.data().rank() == 2 ? Figures.signedToRgb(figure.data()) : figure.data();
            case SIGNED -> Figures.signedToRgb(figure.data());
            case HEATMAP -> Figures.colormap(figure.data());
        };
        BufferedImage image = toImage(rgb);
        PngFiles.write(file, image);
    }

    /** {@code [3, H, W]} in [0, 1] (clipped) to an 8-bit image, enlarged when small. */
    static BufferedImage toImage(INDArray rgb) {
        int h = (int) rgb.size(1);
        int w = (int) rgb.size(2);
        int factor = Math.max(1, (MIN_SIDE + Math.min(h, w) - 1) / Math.min(h, w));
        factor = Math.min(factor, 16);
        float[] d = HostArrays.floats(rgb);
        BufferedImage image = new BufferedImage(w * factor, h * factor, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * factor; y++) {
            for (int x = 0; x < w * factor; x++) {
                int i = (y / factor) * w + x / factor;
                image.setRGB(x, y, (byte8(d[i]) << 16) | (byte8(d[h * w + i]) << 8) | byte8(d[2 * h * w + i]));
            }
        }
        return image;
    }

    private static int byte8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
