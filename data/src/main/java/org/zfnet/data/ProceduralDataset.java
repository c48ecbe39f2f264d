package org.zfnet.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.zfnet.api.InvalidInputException;

/**
 * Procedural images with ground truth: composite objects (faces, cars, houses, boats, trees, flowers) built
 * from parts at known places, at a random position, scale, colour and slight rotation, on a cluttered
 * textured background with distractor shapes. Every image is a pure function of (class, seed, index): the
 * same seed gives the same dataset, on any machine.
 */
public final class ProceduralDataset {

    /**
     * The classes in label order: alphabetical, like the class folders of an image-folder dataset, so that a
     * network trained on the folders and the annotations agree on labels.
     */
    public static final List<String> CLASSES = ObjectModels.CLASSES.stream().sorted().toList();

    private ProceduralDataset() {
    }

    /** An image and its ground truth. */
    public record Rendered(BufferedImage image, Annotation annotation) {
    }

    /**
     * Renders image {@code index} of class {@code label}.
     *
     * @param file the annotation's file name, relative to the split folder
     */
    public static Rendered render(int label, long seed, int index, int size, String file) {
        if (label < 0 || label >= CLASSES.size()) {
            throw new InvalidInputException("class " + label + " does not exist (0 to " + (CLASSES.size() - 1) + ")");
        }
        String cls = CLASSES.get(label);
        // each class salts the seed with its place in the drawing table, which never changes order
        Random r = new Random(mix(mix(mix(seed) ^ ObjectModels.CLASSES.indexOf(cls)) ^ index));
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        background(g, r, size);
        distractors(g, r, size);

        double scale = size * Palette.between(r, 0.45, 0.7);
        double margin = scale * 0.58;
        double cx = Palette.between(r, margin, size - margin);
        double cy = Palette.between(r, margin, size - margin);
        AffineTransform place = new AffineTransform();
        place.translate(cx, cy);
        place.rotate(Math.toRadians(Palette.between(r, -15, 15)));
        place.scale(scale, scale);
        Rectangle2D object = null;
        Map<String, Rectangle2D> parts = new LinkedHashMap<>();
        for (ObjectModels.Piece piece : ObjectModels.draw(cls, r)) {
            Shape shape = place.createTransformedShape(piece.shape());
            g.setColor(piece.color());
            g.fill(shape);
            Rectangle2D bounds = shape.getBounds2D();
            object = object == null ? bounds : object.createUnion(bounds);
            if (piece.part() != null) {
                parts.merge(piece.part(), bounds, Rectangle2D::createUnion);
            }
        }
        g.dispose();
        noise(image, r);
        Map<String, List<Double>> partBoxes = new LinkedHashMap<>();
        parts.forEach((name, box) -> partBoxes.put(name, box(box, size)));
        return new Rendered(image, new Annotation(file, cls, label, box(object, size), partBoxes));
    }

    /**
     * Writes {@code perClass} images of every class under {@code dir/<class>/<class>_NNNNN.png} and their
     * annotations to {@code dir/annotations.json}, in parallel.
     *
     * @param done called with the number of images written so far
     */
    public static AnnotationSet generate(Path dir, int perClass, int size, long seed, LongConsumer done) {
        if (perClass < 1 || size < 32) {
            throw new InvalidInputException("need at least 1 image per class and 32 pixels, got " + perClass + " and " + size);
        }
        try {
            for (String cls : CLASSES) {
                Files.createDirectories(dir.resolve(cls));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        int total = perClass * CLASSES.size();
        Annotation[] annotations = new Annotation[total];
        AtomicLong written = new AtomicLong();
        // a failure stops the remaining images; forEach returns only when no image is being written any more, so
        // that the caller can remove the folder (an exception thrown out of forEach leaves other writers running)
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        IntStream.range(0, total).parallel().forEach(i -> {
            if (failure.get() != null) {
                return;
            }
            try {
                int label = i / perClass;
                int index = i % perClass;
                String cls = CLASSES.get(label);
                String file = cls + "/" + String.format(Locale.ROOT, "%s_%05d.png", cls, index);
                Rendered rendered = render(label, seed, index, size, file);
                org.zfnet.formats.PngFiles.write(dir.resolve(file), rendered.image());
                annotations[i] = rendered.annotation();
                done.accept(written.incrementAndGet());
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        AnnotationSet set = new AnnotationSet(CLASSES, size, seed, List.of(annotations));
        org.zfnet.formats.AtomicFiles.write(dir.resolve(AnnotationSet.FILE), out -> out.write(set.toBytes()));
        return set;
    }

    /**
     * SplitMix64's finaliser: neighbouring seeds give unrelated streams (java.util.Random's first draws for
     * seeds 1, 2, 3 are nearly equal, which would tie background colours to classes).
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A base colour under translucent clutter: blobs, bars and strokes. */
    private static void background(Graphics2D g, Random r, int size) {
        g.setColor(Palette.random(r));
        g.fillRect(0, 0, size, size);
        int clutter = 25 + r.nextInt(20);
        for (int i = 0; i < clutter; i++) {
            Color c = Palette.random(r);
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60 + r.nextInt(80)));
            double x = r.nextDouble() * size;
            double y = r.nextDouble() * size;
            double w = size * Palette.between(r, 0.05, 0.4);
            double h = size * Palette.between(r, 0.05, 0.4);
            switch (r.nextInt(3)) {
                case 0 -> g.fill(new Ellipse2D.Double(x - w / 2, y - h / 2, w, h));
                case 1 -> g.fill(AffineTransform.getRotateInstance(r.nextDouble() * Math.PI, x, y)
                        .createTransformedShape(new Rectangle2D.Double(x - w / 2, y - h / 8, w, h / 4)));
                default -> {
                    g.setStroke(new BasicStroke((float) Palette.between(r, 1, 4)));
                    g.draw(new Line2D.Double(x, y, x + w - size * 0.2, y + h - size * 0.2));
                }
            }
        }
    }

    /** Opaque shapes that are not objects: discs, squares, triangles, bars. */
    private static void distractors(Graphics2D g, Random r, int size) {
        int n = 3 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            g.setColor(Palette.random(r));
            double s = size * Palette.between(r, 0.06, 0.18);
            double x = r.nextDouble() * size;
            double y = r.nextDouble() * size;
            Shape shape = switch (r.nextInt(4)) {
                case 0 -> new Ellipse2D.Double(x - s / 2, y - s / 2, s, s);
                case 1 -> new Rectangle2D.Double(x - s / 2, y - s / 2, s, s);
                case 2 -> {
                    Path2D t = new Path2D.Double();
                    t.moveTo(x, y - s / 2);
                    t.lineTo(x - s / 2, y + s / 2);
                    t.lineTo(x + s / 2, y + s / 2);
                    t.closePath();
                    yield t;
                }
                default -> new BasicStroke((float) (s / 5)).createStrokedShape(
                        new Line2D.Double(x - s, y, x + s, y + s * Palette.between(r, -1, 1)));
            };
            g.fill(AffineTransform.getRotateInstance(r.nextDouble() * Math.PI, x, y).createTransformedShape(shape));
        }
    }

    /** A little per-pixel noise, as a camera would add. */
    private static void noise(BufferedImage image, Random r) {
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int n = r.nextInt(17) - 8;
                row[x] = (Palette.clamp(((p >> 16) & 0xff) + n) << 16) | (Palette.clamp(((p >> 8) & 0xff) + n) << 8)
                        | Palette.clamp((p & 0xff) + n);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
    }

    /** A box clipped to the image, as {@code [x, y, w, h]} rounded to 0.1 pixel. */
    private static List<Double> box(Rectangle2D b, int size) {
        double x0 = Math.max(0, b.getMinX());
        double y0 = Math.max(0, b.getMinY());
        double x1 = Math.min(size, b.getMaxX());
        double y1 = Math.min(size, b.getMaxY());
        List<Double> box = new ArrayList<>();
        for (double v : new double[] {x0, y0, x1 - x0, y1 - y0}) {
            box.add(Math.round(v * 10) / 10.0);
        }
        return box;
    }
}
