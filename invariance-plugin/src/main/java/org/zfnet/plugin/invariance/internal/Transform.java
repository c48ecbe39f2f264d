package org.zfnet.plugin.invariance.internal;

import java.util.Locale;
import org.zfnet.api.InvalidInputException;

/**
 * The image transformations of the paper's Fig. 5, keeping the image size: vertical translation (pixels), scaling
 * about the centre (factor; larger zooms in, the border is cropped or padded) and rotation about the centre
 * (degrees). Pixels that come from outside the image take the fill value; others are sampled bilinearly.
 */
enum Transform {
    TRANSLATE("vertical shift (pixels)"),
    SCALE("scale factor"),
    ROTATE("rotation (degrees)");

    final String axis;

    Transform(String axis) {
        this.axis = axis;
    }

    static Transform of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--transform must be translate, scale or rotate, got '" + name + "'");
        }
    }

    /** The paper's range for an image of the given height: +-H/4 pixels, 1 to 1.8, 0 to 350 degrees. */
    double[] defaultRange(int height) {
        return switch (this) {
            case TRANSLATE -> new double[] {-height / 4.0, height / 4.0};
            case SCALE -> new double[] {1, 1.8};
            case ROTATE -> new double[] {0, 350};
        };
    }

    /** {@code image} is {@code [C, H, W]} row-major; returns the transformed copy. */
    float[] apply(float[] image, int channels, int height, int width, double value, float fill) {
        if (this == SCALE && !(value > 0)) {
            throw new InvalidInputException("scale factors must be positive, got " + value);
        }
        float[] out = new float[image.length];
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        double cos = Math.cos(Math.toRadians(value));
        double sin = Math.sin(Math.toRadians(value));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sy;
                double sx;
                switch (this) {
                    case TRANSLATE -> {
                        sy = y - value;
                        sx = x;
                    }
                    case SCALE -> {
                        sy = cy + (y - cy) / value;
                        sx = cx + (x - cx) / value;
                    }
                    default -> {
                        // the output turned by +value: sample the input turned back
                        double dy = y - cy;
                        double dx = x - cx;
                        sy = cy + dy * cos - dx * sin;
                        sx = cx + dx * cos + dy * sin;
                    }
                }
                for (int c = 0; c < channels; c++) {
                    out[(c * height + y) * width + x] = sample(image, c, height, width, sy, sx, fill);
                }
            }
        }
        return out;
    }

    /** Bilinear sample at (sy, sx); outside the image (beyond half a pixel) the fill value. */
    private static float sample(float[] image, int c, int h, int w, double sy, double sx, float fill) {
        if (sy < -0.5 || sy > h - 0.5 || sx < -0.5 || sx > w - 0.5) {
            return fill;
        }
        double y = Math.max(0, Math.min(h - 1, sy));
        double x = Math.max(0, Math.min(w - 1, sx));
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        int y1 = Math.min(h - 1, y0 + 1);
        int x1 = Math.min(w - 1, x0 + 1);
        double fy = y - y0;
        double fx = x - x0;
        int base = c * h * w;
        double top = image[base + y0 * w + x0] * (1 - fx) + image[base + y0 * w + x1] * fx;
        double bottom = image[base + y1 * w + x0] * (1 - fx) + image[base + y1 * w + x1] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }
}
