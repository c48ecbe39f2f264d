package org.zfnet.api.backend;

import java.util.List;
import org.zfnet.api.InvalidInputException;

/**
 * Square pooling windows (max or average), as PyTorch's {@code MaxPool2d} and {@code AvgPool2d}, with padding per
 * side (as ONNX allows). Max pooling pads with minus infinity; average pooling with zeros, which count in the
 * divisor when {@code countPad} is set.
 *
 * @param kernel    window side, at least 1
 * @param stride    step between windows, at least 1
 * @param ceil      Caffe/PyTorch {@code ceil_mode=True}: a last, partial window is kept when the stride does not
 *                  divide the input (110 to 55, 26 to 13, 13 to 6 for 3x3/2), unless it would start in the padding
 *                  after the input; its missing positions count as minus infinity (max) or not at all (average)
 * @param padTop    rows added above
 * @param padLeft   columns added on the left
 * @param padBottom rows added below
 * @param padRight  columns added on the right
 * @param countPad  average pooling divides by the window size including padding (PyTorch's
 *                  {@code count_include_pad}, its default) rather than by the input positions in the window
 */
public record PoolGeometry(int kernel, int stride, boolean ceil, int padTop, int padLeft, int padBottom, int padRight,
        boolean countPad) {

    public PoolGeometry {
        if (kernel < 1 || stride < 1) {
            throw new InvalidInputException("pooling kernel and stride must be at least 1, got " + kernel + "/" + stride);
        }
        if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
            throw new InvalidInputException("pooling padding must not be negative, got [" + padTop + ", " + padLeft
                    + ", " + padBottom + ", " + padRight + "]");
        }
        if (Math.max(Math.max(padTop, padLeft), Math.max(padBottom, padRight)) > kernel / 2) {
            throw new InvalidInputException("pooling padding must be at most half the window " + kernel + ", got ["
                    + padTop + ", " + padLeft + ", " + padBottom + ", " + padRight + "]");
        }
    }

    /** Without padding, as in ZFNet (3x3, stride 2). */
    public PoolGeometry(int kernel, int stride, boolean ceil) {
        this(kernel, stride, ceil, 0, 0, 0, 0, true);
    }

    /** With padding {@code [top, left, bottom, right]}. */
    public static PoolGeometry padded(int kernel, int stride, boolean ceil, List<Integer> pads, boolean countPad) {
        return new PoolGeometry(kernel, stride, ceil, pads.get(0), pads.get(1), pads.get(2), pads.get(3), countPad);
    }

    public boolean isPadded() {
        return padTop > 0 || padLeft > 0 || padBottom > 0 || padRight > 0;
    }

    /** Output extent along the vertical axis, the horizontal one too without padding ({@link #outputSize(int, int, int)}). */
    public int outputSize(int in) {
        return outputSize(in, padTop, padBottom);
    }

    public int outputHeight(int height) {
        return outputSize(height, padTop, padBottom);
    }

    public int outputWidth(int width) {
        return outputSize(width, padLeft, padRight);
    }

    /**
     * Output extent along one axis padded by {@code before} and {@code after}: {@code floor((in + before + after - k)
     * / s) + 1}, or with {@code ceil} the ceiling, less one when the last window would start past the input and the
     * padding before it (PyTorch's rule).
     */
    public int outputSize(int in, int before, int after) {
        long span = (long) in + before + after - kernel;
        if (span < 0) {
            throw new InvalidInputException("pooling window " + kernel + " is larger than input " + in
                    + (before + after > 0 ? " with padding " + before + "+" + after : ""));
        }
        long out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (out - 1) * stride >= (long) in + before) {
            out--;
        }
        return (int) out;
    }
}
