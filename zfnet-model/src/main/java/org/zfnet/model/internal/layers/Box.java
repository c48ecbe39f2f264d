package org.zfnet.model.internal.layers;

/** Rows {@code [top, bottom)} and columns {@code [left, right)} of a feature map; may reach past its edges. */
public record Box(int top, int left, int bottom, int right) {

    /** One position. */
    public static Box at(int y, int x) {
        return new Box(y, x, y + 1, x + 1);
    }

    /** The smallest box holding both. */
    public Box union(Box other) {
        return new Box(Math.min(top, other.top), Math.min(left, other.left), Math.max(bottom, other.bottom),
                Math.max(right, other.right));
    }

    /** The part inside a {@code height x width} plane (possibly empty). */
    public Box clip(int height, int width) {
        return new Box(Math.max(0, top), Math.max(0, left), Math.min(height, bottom), Math.min(width, right));
    }

    /**
     * The box a window of {@code kernel} (dilated by {@code dilation}) at {@code stride}, padded by {@code padTop} and
     * {@code padLeft}, reads for this output box.
     */
    public Box through(int kernel, int stride, int dilation, int padTop, int padLeft) {
        int reach = (kernel - 1) * dilation;
        return new Box(top * stride - padTop, left * stride - padLeft, (bottom - 1) * stride - padTop + reach + 1,
                (right - 1) * stride - padLeft + reach + 1);
    }

    public int height() {
        return bottom - top;
    }

    public int width() {
        return right - left;
    }
}
