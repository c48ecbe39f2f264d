package org.zfnet.api.backend;

import java.util.List;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;

/**
 * Stride, zero padding, dilation and groups of a 2-D convolution, as PyTorch's {@code Conv2d} (padding per side, as
 * ONNX allows).
 *
 * @param strideY    vertical stride, at least 1
 * @param strideX    horizontal stride, at least 1
 * @param padY       rows of zeros added above
 * @param padX       columns of zeros added on the left
 * @param padBottom  rows of zeros added below
 * @param padRight   columns of zeros added on the right
 * @param dilation   spacing of the filter taps on both axes, at least 1 (1: a dense filter)
 * @param groups     input and output channels split into this many groups, each convolved on its own; filters are
 *                   {@code [K, C / groups, kh, kw]}; {@code groups = C = K} is a depthwise convolution
 */
public record ConvGeometry(int strideY, int strideX, int padY, int padX, int padBottom, int padRight, int dilation,
        int groups) {

    public ConvGeometry {
        if (strideY < 1 || strideX < 1) {
            throw new InvalidInputException("stride must be at least 1, got " + strideY + "x" + strideX);
        }
        if (padY < 0 || padX < 0 || padBottom < 0 || padRight < 0) {
            throw new InvalidInputException("padding must not be negative, got [" + padY + ", " + padX + ", "
                    + padBottom + ", " + padRight + "]");
        }
        if (dilation < 1 || groups < 1) {
            throw new InvalidInputException("dilation and groups must be at least 1, got " + dilation + " and " + groups);
        }
    }

    /** Stride and the same padding before and after, per axis; no dilation, one group. */
    public ConvGeometry(int strideY, int strideX, int padY, int padX) {
        this(strideY, strideX, padY, padX, padY, padX, 1, 1);
    }

    /** Same stride and padding on both axes. */
    public static ConvGeometry of(int stride, int pad) {
        return new ConvGeometry(stride, stride, pad, pad);
    }

    /**
     * What a {@code conv} layer of a spec declares: its stride (1 when absent), its {@code pad} (0 when absent) or
     * {@code pads} [top, left, bottom, right], its dilation and groups (1 when absent).
     */
    public static ConvGeometry of(LayerSpec layer) {
        int stride = layer.stride() == null ? 1 : layer.stride();
        int pad = layer.pad() == null ? 0 : layer.pad();
        List<Integer> p = layer.pads() == null ? List.of(pad, pad, pad, pad) : layer.pads();
        return new ConvGeometry(stride, stride, p.get(0), p.get(1), p.get(2), p.get(3),
                layer.dilation() == null ? 1 : layer.dilation(), layer.groups() == null ? 1 : layer.groups());
    }

    /** Whether the padding is the same before and after on each axis. */
    public boolean symmetric() {
        return padBottom == padY && padRight == padX;
    }

    /** The same convolution on an input already padded: no padding. */
    public ConvGeometry unpadded() {
        return new ConvGeometry(strideY, strideX, 0, 0, 0, 0, dilation, groups);
    }

    /** The same convolution for one group's channels. */
    public ConvGeometry oneGroup() {
        return new ConvGeometry(strideY, strideX, padY, padX, padBottom, padRight, dilation, 1);
    }

    /** Output height for an input of {@code height} rows and filters of {@code kh} rows. */
    public int outputHeight(int height, int kh) {
        return outputSize(height + padY + padBottom, (kh - 1) * dilation + 1, strideY, 0);
    }

    /** Output width for an input of {@code width} columns and filters of {@code kw} columns. */
    public int outputWidth(int width, int kw) {
        return outputSize(width + padX + padRight, (kw - 1) * dilation + 1, strideX, 0);
    }

    /** Output extent along one axis: {@code floor((in + 2 pad - k) / stride) + 1}. */
    public static int outputSize(int in, int kernel, int stride, int pad) {
        int span = in + 2 * pad - kernel;
        if (span < 0) {
            throw new InvalidInputException(
                    "kernel " + kernel + " is larger than input " + in + " with padding " + pad);
        }
        return span / stride + 1;
    }
}
