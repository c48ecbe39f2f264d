package org.zfnet.api.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;

/** Draws {@link Figures#linePlot}: a small, plain chart in the style of the paper's Fig. 5 panels. */
final class LinePlot {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 320;
    private static final int LEFT = 74;
    private static final int RIGHT = 160;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private LinePlot() {
    }

    static INDArray draw(String title, String xLabel, String yLabel, double[] xs, Map<String, double[]> series) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double xMin = min(xs);
        double xMax = max(xs);
        double yMin = Double.MAX_VALUE;
        double yMax = -Double.MAX_VALUE;
        for (double[] ys : series.values()) {
            yMin = Math.min(yMin, min(ys));
            yMax = Math.max(yMax, max(ys));
        }
        yMin = Math.min(yMin, 0);
        if (yMax <= yMin) {
            yMax = yMin + 1;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, LEFT, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(LEFT, TOP, plotW, plotH);
        for (int t = 0; t <= 4; t++) {
            double xv = xMin + (xMax - xMin) * t / 4;
            int px = LEFT + plotW * t / 4;
            g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
            g.drawString(number(xv), px - 12, TOP + plotH + 16);
            double yv = yMin + (yMax - yMin) * t / 4;
            int py = TOP + plotH - plotH * t / 4;
            g.drawLine(LEFT - 4, py, LEFT, py);
            g.drawString(number(yv), 22, py + 4);
        }
        g.drawString(xLabel, LEFT + plotW / 2 - 30, HEIGHT - 8);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2 + 40), 12);
        g.rotate(Math.PI / 2);
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Color colour = COLOURS[s % COLOURS.length];
            g.setColor(colour);
            g.setStroke(new BasicStroke(2f));
            double[] ys = e.getValue();
            for (int i = 1; i < xs.length; i++) {
                g.draw(new Line2D.Double(x(xs[i - 1], xMin, xMax, plotW), y(ys[i - 1], yMin, yMax, plotH),
                        x(xs[i], xMin, xMax, plotW), y(ys[i], yMin, yMax, plotH)));
            }
            g.fillRect(LEFT + plotW + 10, TOP + 6 + s * 18, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(label(e.getKey()), LEFT + plotW + 28, TOP + 11 + s * 18);
            s++;
        }
        g.dispose();
        float[] out = new float[3 * HEIGHT * WIDTH];
        for (int yy = 0; yy < HEIGHT; yy++) {
            for (int xx = 0; xx < WIDTH; xx++) {
                int p = image.getRGB(xx, yy);
                out[yy * WIDTH + xx] = ((p >> 16) & 0xff) / 255f;
                out[HEIGHT * WIDTH + yy * WIDTH + xx] = ((p >> 8) & 0xff) / 255f;
                out[2 * HEIGHT * WIDTH + yy * WIDTH + xx] = (p & 0xff) / 255f;
            }
        }
        return HostArrays.floats(out, 3, HEIGHT, WIDTH);
    }

    /** Legend labels fit the legend column: long ones keep their start and end. */
    private static String label(String text) {
        return text.length() <= 19 ? text : text.substring(0, 8) + "…" + text.substring(text.length() - 10);
    }

    private static double x(double v, double lo, double hi, int w) {
        return LEFT + (v - lo) / (hi - lo) * w;
    }

    private static double y(double v, double lo, double hi, int h) {
        return TOP + h - (v - lo) / (hi - lo) * h;
    }

    private static double min(double[] v) {
        double m = Double.MAX_VALUE;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = -Double.MAX_VALUE;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
