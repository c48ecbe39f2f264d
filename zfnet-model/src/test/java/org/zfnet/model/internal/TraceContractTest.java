package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

/**
 * {@link ForwardTrace#output(int)} as its javadoc states it: a convolution whose tap is taken after the ReLU that alone
 * reads it is traced after that ReLU (rectified in place); a convolution with a tap of its own (its ReLU named) keeps its
 * values before the ReLU, which equal a plain-Java convolution of the input.
 */
class TraceContractTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    /** 2x6x6 input, a 3x3 convolution to 3 channels, its ReLU (named or not), a linear layer to 2 classes. */
    private static ModelSpec spec(String reluName) {
        return new ModelSpec("trace", "", List.of(2, 6, 6), null, List.of(), List.of(
                LayerSpec.conv("conv", 3, 3, 1, 0), LayerSpec.of("relu", reluName), LayerSpec.of("flatten", null),
                LayerSpec.linear("fc", 2)));
    }

    private static INDArray input() {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[2 * 2 * 6 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return HostArrays.floats(x, 2, 2, 6, 6);
    }

    @Test
    void aConvolutionWhoseTapIsAfterItsReluIsTracedAfterIt() {
        Network network = new Networks().random(spec(null), 7, CPU);
        try (ForwardTrace trace = network.forward(input())) {
            float[] conv = HostArrays.floats(trace.output(0));
            assertArrayEquals(HostArrays.floats(trace.output(1)), conv, 0f);
            assertArrayEquals(HostArrays.floats(trace.tap("conv")), conv, 0f);
            for (float v : conv) {
                assertTrue(v >= 0, "rectified: " + v);
            }
        }
    }

    @Test
    void aConvolutionWithATapOfItsOwnKeepsItsValuesBeforeTheRelu() {
        Network network = new Networks().random(spec("act"), 7, CPU);
        INDArray x = input();
        float[] expected = conv(HostArrays.floats(x), HostArrays.floats(network.parameters().get("conv.weight")),
                HostArrays.floats(network.parameters().get("conv.bias")));
        try (ForwardTrace trace = network.forward(x)) {
            float[] conv = HostArrays.floats(trace.output(0));
            assertArrayEquals(expected, conv, 1e-5f);
            assertArrayEquals(conv, HostArrays.floats(trace.tap("conv")), 0f);
            assertTrue(min(conv) < 0, "some values before the ReLU are negative");
            float[] relu = HostArrays.floats(trace.tap("act"));
            for (int i = 0; i < conv.length; i++) {
                assertEquals(Math.max(conv[i], 0f), relu[i], 0f);
            }
        }
    }

    /** A plain 3x3 valid convolution of [2, 2, 6, 6] with [3, 2, 3, 3] and a bias, to [2, 3, 4, 4]. */
    private static float[] conv(float[] x, float[] w, float[] b) {
        float[] y = new float[2 * 3 * 4 * 4];
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        double sum = b[o];
                        for (int c = 0; c < 2; c++) {
                            for (int ki = 0; ki < 3; ki++) {
                                for (int kj = 0; kj < 3; kj++) {
                                    sum += x[((n * 2 + c) * 6 + i + ki) * 6 + j + kj] * w[((o * 2 + c) * 3 + ki) * 3 + kj];
                                }
                            }
                        }
                        y[((n * 3 + o) * 4 + i) * 4 + j] = (float) sum;
                    }
                }
            }
        }
        return y;
    }

    private static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }
}
