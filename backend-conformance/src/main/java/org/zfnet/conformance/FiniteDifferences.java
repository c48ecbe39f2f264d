package org.zfnet.conformance;

import java.util.function.ToDoubleFunction;

/** Central differences of a scalar function of a tensor, in double precision. */
public final class FiniteDifferences {

    /** Step: small enough for smooth kernels, well below the value gaps of the pooling cases. */
    public static final double STEP = 1e-4;

    private FiniteDifferences() {
    }

    /** {@code d loss / d x_i ~ (loss(x + h e_i) - loss(x - h e_i)) / 2h} for every element of {@code x}. */
    public static Tensor gradient(ToDoubleFunction<Tensor> loss, Tensor x) {
        Tensor grad = Tensor.zeros(x.shape());
        Tensor probe = x.copy();
        for (int i = 0; i < x.data().length; i++) {
            double v = x.data()[i];
            probe.data()[i] = v + STEP;
            double up = loss.applyAsDouble(probe);
            probe.data()[i] = v - STEP;
            double down = loss.applyAsDouble(probe);
            probe.data()[i] = v;
            grad.data()[i] = (up - down) / (2 * STEP);
        }
        return grad;
    }
}
