package org.zfnet.api.backend;

import org.zfnet.api.InvalidInputException;

/**
 * Local response normalisation across channels with PyTorch's {@code LocalResponseNorm} semantics:
 * {@code b_c = a_c / (k + alpha / size * sum_{c' in window(c)} a_c'^2)^beta}, where the window runs from
 * {@code c - size/2} to {@code c + (size-1)/2}, clipped to the existing channels.
 *
 * @param size  channels in the window
 * @param alpha scale (divided by {@code size}, as PyTorch does)
 * @param beta  exponent
 * @param k     additive constant
 */
public record LrnSpec(int size, double alpha, double beta, double k) {

    public LrnSpec {
        if (size < 1) {
            throw new InvalidInputException("LRN size must be at least 1, got " + size);
        }
    }

    /** ZFNet's normalisation: {@code LocalResponseNorm(size=5, alpha=1e-4, beta=0.75, k=2)}. */
    public static LrnSpec zfnet() {
        return new LrnSpec(5, 1e-4, 0.75, 2.0);
    }

    /** First channel of the window around channel {@code c}: {@code c - size/2}, clipped at 0. */
    public int windowStart(int c) {
        return Math.max(0, c - size / 2);
    }

    /** Last channel of the window around channel {@code c}: {@code c + (size-1)/2}, clipped at {@code channels-1}. */
    public int windowEnd(int c, int channels) {
        return Math.min(channels - 1, c + (size - 1) / 2);
    }
}
