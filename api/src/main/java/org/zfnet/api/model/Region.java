package org.zfnet.api.model;

/**
 * Rows {@code [top, bottom)} and columns {@code [left, right)} of a feature map or image; may reach past its edges
 * (padding) until clipped.
 */
public record Region(int top, int left, int bottom, int right) {

    /** One position. */
    public static Region at(int y, int x) {
        return new Region(y, x, y + 1, x + 1);
    }

    /** The smallest region holding both. */
    public Region union(Region other) {
        return new Region(Math.min(top, other.top), Math.min(left, other.left), Math.max(bottom, other.bottom),
                Math.max(right, other.right));
    }

    /** The part inside a {@code height x width} plane (possibly empty). */
    public Region clip(int height, int width) {
        return new Region(Math.max(0, top), Math.max(0, left), Math.min(height, bottom), Math.min(width, right));
    }

    /**
     * The region a window of {@code kernel} (dilated by {@code dilation}) at {@code stride}, padded by {@code padTop}
     * and {@code padLeft}, reads for this output region.
     */
    public Region through(int kernel, int stride, int dilation, int padTop, int padLeft) {
        int reach = (kernel - 1) * dilation;
        return new Region(top * stride - padTop, left * stride - padLeft, (bottom - 1) * stride - padTop + reach + 1,
                (right - 1) * stride - padLeft + reach + 1);
    }

    public int height() {
        return bottom - top;
    }

    public int width() {
        return right - left;
    }

    public boolean isEmpty() {
        return bottom <= top || right <= left;
    }
}
