package org.zfnet.plugin.correspondence.internal;

import java.util.ArrayList;
import java.util.List;
import org.zfnet.api.InvalidInputException;

/**
 * A rectangle of input pixels: top row, left column, height, width ({@code y,x,h,w} on the command line).
 */
record Box(int y, int x, int h, int w) {

    /** {@code y,x,h,w} boxes separated by spaces or semicolons, one per input, each inside the input. */
    static List<Box> parse(String text, int count, int height, int width) {
        List<Box> boxes = new ArrayList<>();
        for (String token : text.trim().split("[;\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            String[] parts = token.split(",");
            if (parts.length != 4) {
                throw new InvalidInputException("a box is y,x,h,w (four whole numbers), got '" + token + "'");
            }
            int[] v = new int[4];
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Integer.parseInt(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("a box is y,x,h,w (four whole numbers), got '" + token + "'");
                }
            }
            boxes.add(new Box(v[0], v[1], v[2], v[3]).check(height, width));
        }
        if (boxes.size() != count) {
            throw new InvalidInputException("--boxes gives " + boxes.size() + " boxes for " + count
                    + " inputs; give one per input, in input order");
        }
        return boxes;
    }

    /** From an annotation box {@code [x, y, w, h]} in input pixels (rounded outwards, clipped to the input). */
    static Box ofAnnotation(List<Double> xywh, int height, int width) {
        int x0 = (int) Math.max(0, Math.floor(xywh.get(0)));
        int y0 = (int) Math.max(0, Math.floor(xywh.get(1)));
        int x1 = (int) Math.min(width, Math.ceil(xywh.get(0) + xywh.get(2)));
        int y1 = (int) Math.min(height, Math.ceil(xywh.get(1) + xywh.get(3)));
        if (x1 <= x0 || y1 <= y0) {
            throw new InvalidInputException("the annotated box " + xywh + " lies outside the " + height + "x" + width
                    + " input");
        }
        return new Box(y0, x0, y1 - y0, x1 - x0);
    }

    Box check(int height, int width) {
        if (h < 1 || w < 1) {
            throw new InvalidInputException("box " + this + " is empty (height and width must be at least 1)");
        }
        if (y < 0 || x < 0 || y + h > height || x + w > width) {
            throw new InvalidInputException("box " + this + " does not fit the " + height + "x" + width + " input");
        }
        return this;
    }

    @Override
    public String toString() {
        return y + "," + x + "," + h + "," + w;
    }
}
