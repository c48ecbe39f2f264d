package org.zfnet.cli.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;

/**
 * The one image preprocessing path: decode, scale the shorter side to {@code resize}, crop the centre to
 * the model's input, RGB in [0, 1], subtract the mean and divide by the standard deviation per channel.
 */
final class Images {

    /** Images above this many pixels are refused before they are decoded. */
    static final long MAX_PIXELS = 100_000_000L;

    private Images() {
    }

    /** {@code [C, H, W]} floats, row-major. */
    static float[] preprocess(Path file, ModelSpec spec) {
        BufferedImage image = decode(file);
        Preprocessing p = spec.preprocessing();
        int h = spec.input().get(1);
        int w = spec.input().get(2);
        if (spec.input().get(0) != 3) {
            throw new InvalidInputException("model " + spec.name() + " takes " + spec.input().get(0)
                    + " channels; images give 3 (RGB)");
        }
        int resize = p == null ? Math.min(h, w) : Math.max(p.resize(), Math.max(h, w));
        BufferedImage scaled = scaleShorterSide(image, resize);
        int x0 = (int) Math.round((scaled.getWidth() - w) / 2.0);
        int y0 = (int) Math.round((scaled.getHeight() - h) / 2.0);
        float[] out = new float[3 * h * w];
        double[] mean = p == null ? new double[] {0, 0, 0} : p.mean().stream().mapToDouble(Double::doubleValue).toArray();
        double[] std = p == null ? new double[] {1, 1, 1} : p.std().stream().mapToDouble(Double::doubleValue).toArray();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = scaled.getRGB(x0 + x, y0 + y);
                for (int c = 0; c < 3; c++) {
                    double v = ((rgb >> (16 - 8 * c)) & 0xff) / 255.0;
                    out[(c * h + y) * w + x] = (float) ((v - mean[c]) / std[c]);
                }
            }
        }
        return out;
    }

    /** Decodes a PNG or JPEG, refusing unreadable files and enormous dimensions before decoding. */
    static BufferedImage decode(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InvalidInputException(file + ": cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(file + ": not a readable image (PNG or JPEG expected)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new InvalidInputException(file + ": " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels is more than zfnet decodes (" + MAX_PIXELS / 1_000_000 + " megapixels)");
                }
                BufferedImage image = reader.read(0);
                if (image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new InvalidInputException(file + ": empty image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(file + ": cannot decode image: " + e.getMessage());
        }
    }

    /** Scales so that the shorter side is {@code target}, halving first when shrinking a lot (less aliasing). */
    static BufferedImage scaleShorterSide(BufferedImage image, int target) {
        BufferedImage current = toRgb(image);
        int shorter = Math.min(current.getWidth(), current.getHeight());
        while (shorter / 2 >= target) {
            current = scale(current, current.getWidth() / 2, current.getHeight() / 2);
            shorter = Math.min(current.getWidth(), current.getHeight());
        }
        if (shorter == target) {
            return current;
        }
        double f = (double) target / shorter;
        int w = current.getWidth() == shorter ? target : (int) Math.round(current.getWidth() * f);
        int h = current.getHeight() == shorter ? target : (int) Math.round(current.getHeight() * f);
        return scale(current, w, h);
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage scale(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
