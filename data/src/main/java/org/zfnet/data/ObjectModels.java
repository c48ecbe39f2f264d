package org.zfnet.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The procedural object classes, drawn in a unit frame centred on the origin (x right, y down, the object
 * about one unit across). Each object is a list of painted pieces; pieces that belong to a named part carry
 * the part's name, which the annotations use.
 */
final class ObjectModels {

    /** One painted shape; {@code part} is null for pieces that are not annotated parts. */
    record Piece(Shape shape, Color color, String part) {
    }

    static final List<String> CLASSES = List.of("face", "car", "house", "boat", "tree", "flower");

    private ObjectModels() {
    }

    static List<Piece> draw(String cls, Random r) {
        return switch (cls) {
            case "face" -> face(r);
            case "car" -> car(r);
            case "house" -> house(r);
            case "boat" -> boat(r);
            case "tree" -> tree(r);
            case "flower" -> flower(r);
            default -> throw new IllegalArgumentException("unknown class " + cls);
        };
    }

    /** A head with two eyes, a nose and a mouth. */
    private static List<Piece> face(Random r) {
        Color skin = Palette.jitter(r, Palette.pick(r, 0xf1c27d, 0xe0ac69, 0xc68642, 0x8d5524, 0xffdbac), 20);
        List<Piece> p = new ArrayList<>();
        p.add(new Piece(new Ellipse2D.Double(-0.38, -0.5, 0.76, 1.0), skin, null));
        double eyeY = -0.14 + Palette.between(r, -0.03, 0.03);
        double eyeX = 0.17 + Palette.between(r, -0.02, 0.03);
        Color iris = Palette.jitter(r, Palette.pick(r, 0x3b2f2f, 0x2e5e8c, 0x3c6e3c), 15);
        for (String side : new String[] {"left_eye", "right_eye"}) {
            double cx = side.equals("left_eye") ? -eyeX : eyeX;
            Area eye = new Area(new Ellipse2D.Double(cx - 0.09, eyeY - 0.055, 0.18, 0.11));
            p.add(new Piece(eye, Color.WHITE, side));
            p.add(new Piece(new Ellipse2D.Double(cx - 0.045, eyeY - 0.045, 0.09, 0.09), iris, side));
        }
        Path2D nose = new Path2D.Double();
        nose.moveTo(0, eyeY + 0.05);
        nose.lineTo(-0.07, 0.16);
        nose.lineTo(0.07, 0.16);
        nose.closePath();
        p.add(new Piece(nose, skin.darker(), "nose"));
        double mouthW = Palette.between(r, 0.24, 0.34);
        p.add(new Piece(new Ellipse2D.Double(-mouthW / 2, 0.25, mouthW, 0.09),
                Palette.jitter(r, new Color(0xb03030), 25), "mouth"));
        return p;
    }

    /** A car body and cabin with a window, two wheels and a headlight; facing left or right. */
    private static List<Piece> car(Random r) {
        double dir = r.nextBoolean() ? 1 : -1;
        Color paint = Palette.random(r);
        List<Piece> p = new ArrayList<>();
        p.add(new Piece(new Rectangle2D.Double(-0.5, -0.08, 1.0, 0.3), paint, null));
        Path2D cabin = polygon(dir, -0.28, -0.08, -0.16, -0.34, 0.18, -0.34, 0.3, -0.08);
        p.add(new Piece(cabin, paint, null));
        p.add(new Piece(polygon(dir, -0.2, -0.1, -0.12, -0.29, 0.14, -0.29, 0.22, -0.1),
                Palette.jitter(r, new Color(0xa8d8f0), 20), "window"));
        for (String wheel : new String[] {"front_wheel", "rear_wheel"}) {
            double cx = dir * (wheel.equals("front_wheel") ? 0.3 : -0.3);
            p.add(new Piece(new Ellipse2D.Double(cx - 0.13, 0.09, 0.26, 0.26), new Color(0x202020), wheel));
            p.add(new Piece(new Ellipse2D.Double(cx - 0.05, 0.17, 0.1, 0.1), new Color(0xb0b0b0), wheel));
        }
        p.add(new Piece(new Ellipse2D.Double(dir * 0.46 - 0.04, -0.04, 0.08, 0.08), new Color(0xfff060), "headlight"));
        return p;
    }

    /** Walls under a roof, a door and two windows. */
    private static List<Piece> house(Random r) {
        List<Piece> p = new ArrayList<>();
        p.add(new Piece(new Rectangle2D.Double(-0.4, -0.1, 0.8, 0.6), Palette.random(r), null));
        p.add(new Piece(polygon(1, -0.5, -0.08, 0, -0.5, 0.5, -0.08),
                Palette.jitter(r, Palette.pick(r, 0x8b3a2b, 0x5a3a22, 0x404050), 20), "roof"));
        p.add(new Piece(new Rectangle2D.Double(-0.08, 0.18, 0.16, 0.32), Palette.jitter(r, new Color(0x5b3a1a), 20), "door"));
        Color glass = Palette.jitter(r, new Color(0x9fd0ee), 20);
        for (String window : new String[] {"left_window", "right_window"}) {
            double x = window.equals("left_window") ? -0.31 : 0.15;
            p.add(new Piece(new Rectangle2D.Double(x, 0.0, 0.16, 0.15), glass, window));
            Area frame = new Area(new Rectangle2D.Double(x + 0.07, 0.0, 0.02, 0.15));
            frame.add(new Area(new Rectangle2D.Double(x, 0.065, 0.16, 0.02)));
            p.add(new Piece(frame, Color.WHITE, window));
        }
        return p;
    }

    /** A hull, a mast with a sail and a flag. */
    private static List<Piece> boat(Random r) {
        double dir = r.nextBoolean() ? 1 : -1;
        List<Piece> p = new ArrayList<>();
        p.add(new Piece(polygon(dir, -0.5, 0.12, 0.5, 0.12, 0.34, 0.36, -0.36, 0.36), Palette.random(r), "hull"));
        p.add(new Piece(new BasicStroke(0.035f).createStrokedShape(new Line2D.Double(0, -0.48, 0, 0.12)),
                new Color(0x6b4a2a), null));
        p.add(new Piece(polygon(dir, 0.03, -0.42, 0.03, 0.08, 0.42, 0.08), Palette.jitter(r, new Color(0xf4f0e0), 15), "sail"));
        p.add(new Piece(polygon(-dir, 0, -0.5, 0.17, -0.44, 0, -0.38), Palette.jitter(r, new Color(0xd02020), 30), "flag"));
        return p;
    }

    /** A trunk under a crown of leaves, with fruit. */
    private static List<Piece> tree(Random r) {
        List<Piece> p = new ArrayList<>();
        p.add(new Piece(new Rectangle2D.Double(-0.07, 0.05, 0.14, 0.45), Palette.jitter(r, new Color(0x6b4423), 20), "trunk"));
        Color leaves = Palette.jitter(r, Palette.pick(r, 0x2e7d32, 0x558b2f, 0x1b5e20, 0x7cb342), 20);
        Area crown = new Area();
        for (double[] c : new double[][] {{0, -0.22, 0.27}, {-0.2, -0.08, 0.2}, {0.2, -0.08, 0.2}, {0, -0.02, 0.2}}) {
            crown.add(new Area(new Ellipse2D.Double(c[0] - c[2], c[1] - c[2], 2 * c[2], 2 * c[2])));
        }
        p.add(new Piece(crown, leaves, "crown"));
        Color fruit = Palette.jitter(r, Palette.pick(r, 0xd32f2f, 0xffa000), 20);
        for (int i = 0; i < 4; i++) {
            double x = Palette.between(r, -0.3, 0.3);
            double y = Palette.between(r, -0.35, 0.05);
            if (crown.contains(x, y)) {
                p.add(new Piece(new Ellipse2D.Double(x - 0.035, y - 0.035, 0.07, 0.07), fruit, "crown"));
            }
        }
        return p;
    }

    /** A stem with a leaf, petals around a centre. */
    private static List<Piece> flower(Random r) {
        List<Piece> p = new ArrayList<>();
        Color green = Palette.jitter(r, new Color(0x388e3c), 20);
        p.add(new Piece(new BasicStroke(0.05f).createStrokedShape(new Line2D.Double(0, -0.05, 0, 0.5)), green, "stem"));
        Ellipse2D leaf = new Ellipse2D.Double(0.0, 0.22, 0.24, 0.09);
        p.add(new Piece(java.awt.geom.AffineTransform.getRotateInstance(-0.5, 0.0, 0.26).createTransformedShape(leaf),
                green, "leaf"));
        Color petal = Palette.random(r);
        int petals = 5 + r.nextInt(3);
        Area ring = new Area();
        Shape petalShape = new Ellipse2D.Double(-0.08, -0.46, 0.16, 0.2);
        for (int i = 0; i < petals; i++) {
            double a = 2 * Math.PI * i / petals;
            ring.add(new Area(java.awt.geom.AffineTransform.getRotateInstance(a, 0, -0.2).createTransformedShape(petalShape)));
        }
        p.add(new Piece(ring, petal, "petals"));
        p.add(new Piece(new Ellipse2D.Double(-0.09, -0.29, 0.18, 0.18), Palette.jitter(r, new Color(0xf9a825), 20), "center"));
        return p;
    }

    /** A closed polygon from x, y pairs, mirrored left-right when {@code dir} is -1. */
    private static Path2D polygon(double dir, double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(dir * xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(dir * xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }
}
