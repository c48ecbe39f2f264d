package org.zfnet.api.backend;

import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;

/**
 * Stride and zero padding of a 2-D convolution, per axis.
 *
 * @param strideY vertical stride, at least 1
 * @param strideX horizontal stride, at least 1
 * @param padY    rows of zeros added above and below
 * @param padX    columns of zeros added left and right
 */
public record ConvGeometry(int strideY, int strideX, int padY, int padX) {

    public ConvGeometry {
        if (strideY < 1 || strideX < 1) {
            throw new InvalidInputException("stride must be at least 1, got " + strideY + "x" + strideX);
        }
        if (padY < 0 || padX < 0) {
            throw new InvalidInputException("padding must not be negative, got " + padY + "x" + padX);
        }
    }

    /** Same stride and padding on both axes. */
    public static ConvGeometry of(int stride, int pad) {
        return new ConvGeometry(stride, stride, pad, pad);
    }

    /** What a {@code conv} or {@code maxpool} layer of a spec declares: its stride (1 when absent), its pad (0 when absent). */
    public static ConvGeometry of(LayerSpec layer) {
        return of(layer.stride() == null ? 1 : layer.stride(), layer.pad() == null ? 0 : layer.pad());
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
