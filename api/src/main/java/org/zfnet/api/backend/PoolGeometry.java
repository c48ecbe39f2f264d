package org.zfnet.api.backend;

import org.zfnet.api.InvalidInputException;

/**
 * Square max pooling without padding, as in ZFNet (3x3, stride 2).
 *
 * @param kernel window side, at least 1
 * @param stride step between windows, at least 1
 * @param ceil   Caffe/PyTorch {@code ceil_mode=True}: a last, partial window is kept when the stride
 *               does not divide the input (110 to 55, 26 to 13, 13 to 6 for 3x3/2); its missing
 *               positions count as minus infinity
 */
public record PoolGeometry(int kernel, int stride, boolean ceil) {

    public PoolGeometry {
        if (kernel < 1 || stride < 1) {
            throw new InvalidInputException("pooling kernel and stride must be at least 1, got " + kernel + "/" + stride);
        }
    }

    /**
     * Output extent along one axis: {@code floor((in - k) / s) + 1}, or with {@code ceil} the ceiling,
     * less one when the last window would start past the input (PyTorch's rule).
     */
    public int outputSize(int in) {
        if (in < kernel) {
            throw new InvalidInputException("pooling window " + kernel + " is larger than input " + in);
        }
        int span = in - kernel;
        int out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (out - 1) * stride >= in) {
            out--;
        }
        return out;
    }
}
