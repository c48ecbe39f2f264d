package org.zfnet.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.formats.FileErrors;

/**
 * The one image preprocessing path: decode, scale the shorter side to the spec's {@code resize}, crop the
 * centre to the model's input, RGB in [0, 1], subtract the mean and divide by the standard deviation per
 * channel. Training crops and flips go through the same {@link #toInput} step.
 */
public final class Images {

    /** Images above this many pixels, as stored or once resized for the model, are refused before they are decoded. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** Images longer than this many times their width, or wider than this many times their height, are refused. */
    public static final int MAX_ASPECT = 100;

    private Images() {
    }

    /**
     * Where the model's input sits in the original image: input pixel {@code (x, y)} shows original pixel
     * {@code ((x + x0) / scale, (y + y0) / scale)}.
     *
     * @param scale resize factor applied to the original image
     * @param x0    left of the crop in the resized image
     * @param y0    top of the crop in the resized image
     */
    public record Placement(double scale, int x0, int y0) {

        /** An original-image box {@code [x, y, w, h]} in input pixels. */
        public double[] toInput(double[] box) {
            return new double[] {box[0] * scale - x0, box[1] * scale - y0, box[2] * scale, box[3] * scale};
        }
    }

    /** A preprocessed image and where it came from. */
    public record Prepared(float[] data, Placement placement) {
    }

    /** {@code [3, H, W]} floats of an image file, preprocessed as the spec says. */
    public static Prepared preprocess(Path file, ModelSpec spec) {
        return preprocess(decode(file), spec, file.toString());
    }

    public static Prepared preprocess(BufferedImage image, ModelSpec spec, String source) {
        if (spec.input().get(0) != 3) {
            throw new InvalidInputException("model " + spec.name() + " takes " + spec.input().get(0)
                    + " channels; images give 3 (RGB) (" + source + ")");
        }
        int h = spec.input().get(1);
        int w = spec.input().get(2);
        Preprocessing p = used(spec);
        int resize = p.resize();
        requireResizable(image.getWidth(), image.getHeight(), resize, source);
        BufferedImage scaled = scaleShorterSide(image, resize);
        int x0 = (int) Math.round((scaled.getWidth() - w) / 2.0);
        int y0 = (int) Math.round((scaled.getHeight() - h) / 2.0);
        double scale = (double) scaled.getWidth() / image.getWidth();
        return new Prepared(toInput(scaled, x0, y0, w, h, false, p), new Placement(scale, x0, y0));
    }

    /**
     * The preprocessing {@link #preprocess} applies for the spec: its own, with the shorter side resized to at least
     * the input's larger extent; without one, that resize and RGB in [0, 1] as they are.
     */
    public static Preprocessing used(ModelSpec spec) {
        int side = Math.max(spec.input().get(1), spec.input().get(2));
        Preprocessing p = spec.preprocessing();
        return p == null ? new Preprocessing(side, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0))
                : new Preprocessing(Math.max(p.resize(), side), p.mean(), p.std());
    }

    /**
     * A {@code w x h} window of an RGB image at {@code (x0, y0)}, optionally mirrored left-right, as
     * normalised {@code [3, h, w]} floats.
     */
    public static float[] toInput(BufferedImage rgb, int x0, int y0, int w, int h, boolean flip, Preprocessing p) {
        float[] out = new float[3 * h * w];
        double[] mean = p == null ? new double[] {0, 0, 0} : p.mean().stream().mapToDouble(Double::doubleValue).toArray();
        double[] std = p == null ? new double[] {1, 1, 1} : p.std().stream().mapToDouble(Double::doubleValue).toArray();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            rgb.getRGB(x0, y0 + y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int pixel = row[flip ? w - 1 - x : x];
                for (int c = 0; c < 3; c++) {
                    double v = ((pixel >> (16 - 8 * c)) & 0xff) / 255.0;
                    out[(c * h + y) * w + x] = (float) ((v - mean[c]) / std[c]);
                }
            }
        }
        return out;
    }

    /**
     * Refuses, before anything is allocated, an image whose shorter side scaled to {@code resize} would be larger than
     * {@link #MAX_PIXELS} (a 1x100000 strip would become 112x11,200,000).
     */
    private static void requireResizable(int width, int height, int resize, String source) {
        long shorter = Math.min(width, height);
        long longer = Math.max(width, height);
        long resized = (long) resize * Math.max(resize, Math.round((double) longer * resize / shorter));
        if (resized > MAX_PIXELS) {
            throw new InvalidInputException(source + ": " + width + "x" + height + " pixels would become "
                    + String.format(java.util.Locale.ROOT, "%,d", resized) + " pixels with the shorter side resized to "
                    + resize + ", more than zfnet takes (" + MAX_PIXELS / 1_000_000 + " megapixels)");
        }
    }

    /**
     * Decodes a PNG or JPEG, refusing what is not a regular file, unreadable files, enormous dimensions or extreme
     * aspect ratios before decoding, and damaged files (a truncated JPEG decodes with a warning and grey rows).
     */
    public static BufferedImage decode(Path file) {
        FileErrors.requireRegularFile(file);
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
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    throw new InvalidInputException(file + ": " + width + "x" + height
                            + " pixels is more than zfnet decodes (" + MAX_PIXELS / 1_000_000 + " megapixels)");
                }
                if (Math.max(width, height) > (long) MAX_ASPECT * Math.max(1, Math.min(width, height))) {
                    throw new InvalidInputException(file + ": " + width + "x" + height + " pixels is more elongated "
                            + "than zfnet takes (sides at most " + MAX_ASPECT + ":1)");
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new InvalidInputException(file + ": damaged image (" + warnings.get(0) + ")");
                }
                if (image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new InvalidInputException(file + ": empty image");
                }
                return toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(file + ": cannot decode image: "
                    + (e instanceof IOException io ? FileErrors.reason(io, file) : e.getMessage()));
        }
    }

    /** Scales so that the shorter side is {@code target}, halving first when shrinking a lot (less aliasing). */
    public static BufferedImage scaleShorterSide(BufferedImage image, int target) {
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

    /** The image as 8-bit RGB; transparency is composited over white, grey becomes three equal channels. */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
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
