package org.zfnet.data;

import java.awt.Color;
import java.util.Random;

/** Random colours and numbers for the procedural images. */
final class Palette {

    private Palette() {
    }

    static double between(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** A saturated colour of any hue. */
    static Color random(Random r) {
        return Color.getHSBColor(r.nextFloat(), (float) between(r, 0.45, 0.95), (float) between(r, 0.4, 0.95));
    }

    static Color pick(Random r, int... rgb) {
        return new Color(rgb[r.nextInt(rgb.length)]);
    }

    /** The colour with each channel moved by up to {@code amount}. */
    static Color jitter(Random r, Color c, int amount) {
        return new Color(clamp(c.getRed() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getGreen() + r.nextInt(2 * amount + 1) - amount),
                clamp(c.getBlue() + r.nextInt(2 * amount + 1) - amount));
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
