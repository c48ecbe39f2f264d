package org.zfnet.serve.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;

/** Pictures for the browser: {@code [3, H, W]} RGB in [0, 1] (clipped) as PNG bytes, pixel for pixel. */
final class PngBytes {

    private PngBytes() {
    }

    static byte[] of(INDArray rgb) {
        int h = (int) rgb.size(1);
        int w = (int) rgb.size(2);
        float[] d = HostArrays.floats(rgb);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                image.setRGB(x, y, (byte8(d[i]) << 16) | (byte8(d[h * w + i]) << 8) | byte8(d[2 * h * w + i]));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int byte8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
