package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.conformance.Tensor;

/**
 * The backward walks through today's layers (padding on two sides, batch normalisation, ReLU6, depthwise and pointwise
 * convolutions, padded max pooling, explicit padding, a dilated grouped convolution, average pooling without counting
 * the padding): the windowed walk from single activations equals the full walk under every rule, and the gradient rule
 * equals finite differences of the activation.
 */
class TodaysLayersProjectionTest {

    static ModelSpec mobile() {
        return new ModelSpec("mobile", "", List.of(3, 19, 17), null, List.of(), List.of(
                LayerSpec.conv("stem", 6, 3, 2, 0).withWindow(3, 2, null, List.of(0, 1, 1, 0)),
                LayerSpec.of("batchnorm", "stem_bn"), LayerSpec.of("relu6", "stem_act"),
                LayerSpec.conv("dw", 6, 3, 1, 1).with(null, 6, null, null, null, null, null),
                LayerSpec.conv("pw", 8, 1, 1, 0), LayerSpec.relu(),
                LayerSpec.of("maxpool", "pool").withWindow(3, 1, 1, null),
                LayerSpec.of("pad", "padded").withWindow(null, null, null, List.of(1, 0, 0, 1)),
                LayerSpec.conv("dil", 8, 3, 1, 2).with(null, 2, 2, null, null, null, null), LayerSpec.relu(),
                LayerSpec.of("avgpool", "avg").withWindow(2, 1, 1, null).with(null, null, null, null, null, false, null),
                LayerSpec.linear("fc", 4), LayerSpec.softmax("prob")));
    }

    @Test
    void windowedWalksEqualFullWalksUnderEveryRule() {
        Network network = new Networks().random(mobile(), 3, WindowedWalkTest.CPU);
        Tensor x = Tensor.uniform(new SplittableRandom(4), -1, 1, 2, 3, 19, 17).roundedToFloat();
        for (String tap : List.of("stem_act", "pool", "dil", "avg")) {
            try (INDArray input = x.toFloat(); ForwardTrace trace = network.forward(input)) {
                int[] shape = Tensor.of(trace.tap(tap)).shape();
                for (ProjectionRule rule : ProjectionRule.values()) {
                    int nonzero = 0;
                    for (int[] at : new int[][] {{0, 1, 0, 0}, {1, shape[1] - 1, shape[2] / 2, shape[3] - 1},
                            {1, 0, shape[2] - 1, 1}}) {
                        Tensor hot = Tensor.zeros(shape);
                        hot.data()[((at[0] * shape[1] + at[1]) * shape[2] + at[2]) * shape[3] + at[3]] = 2;
                        try (INDArray signal = hot.toFloat();
                                INDArray full = network.project(trace, tap, signal, rule, false);
                                INDArray windowed = network.projectActivations(trace, tap,
                                        List.of(new Activation(at[0], at[1], at[2], at[3], 2f)), rule, false)) {
                            Tensor expected = Tensor.of(full);
                            Tensor got = Tensor.of(windowed);
                            int per = got.data().length;
                            for (int i = 0; i < per; i++) {
                                assertEquals(expected.data()[at[0] * per + i], got.data()[i], 1e-5,
                                        tap + " " + rule + " " + java.util.Arrays.toString(at) + " [" + i + "]");
                            }
                            nonzero += got.maxAbs() > 0 ? 1 : 0;
                        }
                    }
                    assertTrue(rule != ProjectionRule.DECONVNET || nonzero == 3, tap + ": deconvnet projections are "
                            + "not all zero");
                }
            }
        }
    }

    @Test
    void gradientRuleEqualsFiniteDifferencesOfTheActivation() {
        Network network = new Networks().random(mobile(), 5, WindowedWalkTest.CPU);
        Tensor x = Tensor.uniform(new SplittableRandom(6), -1, 1, 1, 3, 19, 17).roundedToFloat();
        String tap = "avg";
        int[] at = strongest(network, x, tap);
        double largest = 0;
        try (INDArray input = x.toFloat(); ForwardTrace trace = network.forward(input);
                INDArray gradient = network.projectActivations(trace, tap,
                        List.of(new Activation(0, at[1], at[2], at[3], 1f)), ProjectionRule.GRADIENT, false)) {
            Tensor actual = Tensor.of(gradient);
            for (int i = 0; i < x.data().length; i++) {
                double h = 1e-2;
                double expected = (activation(network, x, i, h, tap, at) - activation(network, x, i, -h, tap, at))
                        / (2 * h);
                largest = Math.max(largest, Math.abs(expected));
                assertEquals(expected, actual.data()[i], 2e-3 + 2e-2 * Math.abs(expected), "d " + tap
                        + " / d input[" + i + "]");
            }
        }
        assertTrue(largest > 1e-3, "the activation depends on the input: " + largest);
    }

    /** Where the tap's largest activation is, {@code [sample, channel, y, x]}: a unit that depends on the input. */
    private static int[] strongest(Network network, Tensor x, String tap) {
        try (INDArray input = x.toFloat(); ForwardTrace trace = network.forward(input, tap)) {
            Tensor out = Tensor.of(trace.tap(tap));
            int best = 0;
            for (int i = 1; i < out.data().length; i++) {
                best = out.data()[i] > out.data()[best] ? i : best;
            }
            int[] s = out.shape();
            return new int[] {0, best / (s[2] * s[3]), best / s[3] % s[2], best % s[3]};
        }
    }

    /** The activation at {@code at} of the tap with input element {@code i} moved by {@code h}. */
    private static double activation(Network network, Tensor x, int i, double h, String tap, int[] at) {
        Tensor moved = x.copy();
        moved.data()[i] += h;
        try (INDArray input = moved.toFloat(); ForwardTrace trace = network.forward(input, tap)) {
            Tensor out = Tensor.of(trace.tap(tap));
            int[] s = out.shape();
            return out.data()[((at[0] * s[1] + at[1]) * s[2] + at[2]) * s[3] + at[3]];
        }
    }
}
