package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;
import org.zfnet.conformance.ReferenceKernels;
import org.zfnet.conformance.Tensor;

/**
 * The projection rules on graph networks (Zeiler and Fergus's deconvnet, arXiv 1311.2901, Sec. 2.1; guided
 * backpropagation; the gradient) against plain-Java double-precision walks written out for each graph from the
 * conformance kit's reference kernels: through {@code add} the signal goes to both branches, through {@code concat}
 * each branch gets its channels, and where one output feeds two branches their signals are summed. The full walk (whole
 * batch and one sample) and the windowed walk from single activations; the gradient also against finite differences
 * of the reference forward pass. Arrays are NCHW.
 */
class GraphProjectionTest {

    private static final ComputeBackend CPU = WindowedWalkTest.CPU;
    private static final double TOLERANCE = 1e-4;

    /** A residual block: conv (3x3/2) - relu - conv (3x3/1), plus a strided 1x1 shortcut, joined by add, then relu. */
    static ModelSpec residual() {
        return new ModelSpec("residual", "", List.of(3, 9, 9), null, List.of(), List.of(
                LayerSpec.conv("a", 4, 3, 2, 1).withInputs("input"), LayerSpec.relu(),
                LayerSpec.conv("b", 4, 3, 1, 1), LayerSpec.conv("shortcut", 4, 1, 2, 0).withInputs("input"),
                LayerSpec.of("add", "sum").withInputs("b", "shortcut"), LayerSpec.of("relu", "out")));
    }

    /** A stem conv feeding two conv branches (1x1 and 3x3), concatenated, then 3x3/2 max pooling. */
    static ModelSpec concat() {
        return new ModelSpec("concat", "", List.of(3, 8, 8), null, List.of(), List.of(
                LayerSpec.conv("stem", 4, 3, 1, 1), LayerSpec.of("relu", "stem_relu"),
                LayerSpec.conv("left", 3, 1, 1, 0).withInputs("stem_relu"), LayerSpec.of("relu", "left_relu"),
                LayerSpec.conv("right", 2, 3, 1, 1).withInputs("stem_relu"), LayerSpec.of("relu", "right_relu"),
                LayerSpec.of("concat", "cat").withInputs("left_relu", "right_relu"),
                LayerSpec.maxpool("pool", 3, 2, false)));
    }

    @Test
    void residualBlockProjectionsEqualTheReference() {
        Network network = new Networks().random(residual(), 3, CPU);
        checkEveryWalk(network, "out", (x, s, rule) -> residualReference(network, x, s, rule));
    }

    @Test
    void concatBlockProjectionsEqualTheReference() {
        Network network = new Networks().random(concat(), 4, CPU);
        checkEveryWalk(network, "pool", (x, s, rule) -> concatReference(network, x, s, rule));
    }

    /**
     * d out[c, y, x] / d input by central differences of the reference forward pass in double precision, against the
     * network's gradient projection of a one at that position.
     */
    @Test
    void gradientRuleEqualsFiniteDifferencesOfTheActivation() {
        Network network = new Networks().random(residual(), 5, CPU);
        Tensor x = Tensor.uniform(new SplittableRandom(8), -1, 1, 1, 3, 9, 9).roundedToFloat();
        int channel = 2;
        int y = 2;
        int col = 1;
        int at = ((channel * 5) + y) * 5 + col;
        try (INDArray input = x.toFloat(); ForwardTrace trace = network.forward(input);
                INDArray gradient = network.projectActivations(trace, "out",
                        List.of(new Activation(0, channel, y, col, 1f)), ProjectionRule.GRADIENT, false)) {
            Tensor actual = Tensor.of(gradient);
            double h = 1e-6;
            double largest = 0;
            for (int i = 0; i < x.data().length; i++) {
                Tensor plus = x.copy();
                Tensor minus = x.copy();
                plus.data()[i] += h;
                minus.data()[i] -= h;
                double expected = (residualForward(network, plus).data()[at] - residualForward(network, minus).data()[at])
                        / (2 * h);
                largest = Math.max(largest, Math.abs(expected));
                assertEquals(expected, actual.data()[i], 1e-4, "d out / d input[" + i + "]");
            }
            assertTrue(largest > 0.01, "the activation depends on the input: " + largest);
        }
    }

    /**
     * Hand-computed: {@code out} (5x5) at (2, 3) sees, through b (3x3/1, pad 1) rows 1-3, columns 2-4 of a's output,
     * through a (3x3/2, pad 1) rows 1-7, columns 3-9 of the input; through the shortcut (1x1/2) row 4, column 6; the
     * union is the main path's box. At (0, 0) the main path reaches three rows and columns into the padding.
     */
    @Test
    void receptiveFieldOfAGraphTapIsTheUnionOverPaths() {
        Network network = new Networks().random(residual(), 3, CPU);
        assertEquals(new Region(1, 3, 8, 10), network.receptiveField("out", Region.at(2, 3)));
        assertEquals(new Region(-3, -3, 4, 4), network.receptiveField("out", Region.at(0, 0)));
        assertEquals(new Region(4, 6, 5, 7), network.receptiveField("shortcut", Region.at(2, 3)));
        assertEquals(new Region(1, 3, 8, 10), network.receptiveField("b", Region.at(2, 3)));
        Network pooled = new Networks().random(concat(), 3, CPU);
        // pool (3x3/2) at (1, 1): rows and columns 2-4 of cat; the 3x3 branch and the 3x3 stem widen it by one each
        assertEquals(new Region(0, 0, 7, 7), pooled.receptiveField("pool", Region.at(1, 1)));
        assertEquals(new Region(1, 1, 6, 6), pooled.receptiveField("left_relu", Region.at(2, 2).union(Region.at(4, 4))));
        assertTrue(pooled.windowed("pool"));
        assertFalse(new Networks().random(TestSpecs.tiny(), 1, CPU).windowed("fc6"));
    }

    @FunctionalInterface
    private interface Reference {
        Tensor walk(Tensor input, Tensor signal, ProjectionRule rule);
    }

    /** Every rule (LRN absent): a random signal over the whole batch, one sample, and single activations windowed. */
    private static void checkEveryWalk(Network network, String tap, Reference reference) {
        Tensor x = Tensor.uniform(new SplittableRandom(2), -1, 1, 2, 3, network.spec().input().get(1),
                network.spec().input().get(2)).roundedToFloat();
        try (INDArray input = x.toFloat(); ForwardTrace trace = network.forward(input)) {
            int[] shape = Tensor.of(trace.tap(tap)).shape();
            for (ProjectionRule rule : ProjectionRule.values()) {
                Tensor signal = Tensor.uniform(new SplittableRandom(rule.ordinal()), -1, 1, shape).roundedToFloat();
                try (INDArray s = signal.toFloat(); INDArray full = network.project(trace, tap, s, rule, false)) {
                    assertTrue(Tensor.of(full).maxAbs() > 0, tap + " " + rule + ": the projection is not all zero");
                    assertClose(reference.walk(x, signal, rule), Tensor.of(full), tap + " " + rule + " whole batch");
                }
                Tensor one = row(signal, 1);
                try (INDArray s = one.toFloat(); INDArray single = network.project(trace, 1, tap, s, rule, false)) {
                    assertClose(row(reference.walk(x, withRow(signal.shape(), 1, one), rule), 1), Tensor.of(single),
                            tap + " " + rule + " sample 1");
                }
                List<Activation> activations = new ArrayList<>();
                List<Tensor> expected = new ArrayList<>();
                for (int y : new int[] {0, shape[2] / 2, shape[2] - 1}) {
                    for (int col : new int[] {0, shape[3] - 1}) {
                        Activation a = new Activation(activations.size() % 2, activations.size() % shape[1], y, col,
                                1f + activations.size());
                        activations.add(a);
                        Tensor hot = Tensor.zeros(shape);
                        hot.data()[((a.sample() * shape[1] + a.channel()) * shape[2] + y) * shape[3] + col] = a.value();
                        expected.add(row(reference.walk(x, hot, rule), a.sample()));
                    }
                }
                try (INDArray windowed = network.projectActivations(trace, tap, activations, rule, false)) {
                    Tensor got = Tensor.of(windowed);
                    int nonzero = 0;
                    for (int j = 0; j < activations.size(); j++) {
                        assertClose(expected.get(j), row(got, j), tap + " " + rule + " windowed " + activations.get(j));
                        nonzero += expected.get(j).maxAbs() > 0 ? 1 : 0;
                    }
                    // guided and gradient block an activation whose forward ReLU was off; not every one
                    assertTrue(nonzero > activations.size() / 3, tap + " " + rule + ": " + nonzero + " nonzero");
                }
            }
        }
    }

    private static Tensor residualForward(Network network, Tensor x) {
        Tensor a = ReferenceKernels.conv2d(x, p(network, "a.weight"), p(network, "a.bias"), ConvGeometry.of(2, 1));
        Tensor b = ReferenceKernels.conv2d(ReferenceKernels.relu(a), p(network, "b.weight"), p(network, "b.bias"),
                ConvGeometry.of(1, 1));
        Tensor sc = ReferenceKernels.conv2d(x, p(network, "shortcut.weight"), p(network, "shortcut.bias"),
                ConvGeometry.of(2, 0));
        return ReferenceKernels.relu(plus(b, sc));
    }

    /** out = relu(b(relu(a(x))) + shortcut(x)) walked back: the signal goes to both branches of the add. */
    private static Tensor residualReference(Network network, Tensor x, Tensor signal, ProjectionRule rule) {
        Tensor a = ReferenceKernels.conv2d(x, p(network, "a.weight"), p(network, "a.bias"), ConvGeometry.of(2, 1));
        Tensor b = ReferenceKernels.conv2d(ReferenceKernels.relu(a), p(network, "b.weight"), p(network, "b.bias"),
                ConvGeometry.of(1, 1));
        Tensor sc = ReferenceKernels.conv2d(x, p(network, "shortcut.weight"), p(network, "shortcut.bias"),
                ConvGeometry.of(2, 0));
        Tensor atSum = relu(signal, plus(b, sc), rule);
        Tensor atA = relu(ReferenceKernels.conv2dTranspose(atSum, p(network, "b.weight"), ConvGeometry.of(1, 1), 5, 5),
                a, rule);
        return plus(ReferenceKernels.conv2dTranspose(atA, p(network, "a.weight"), ConvGeometry.of(2, 1), 9, 9),
                ReferenceKernels.conv2dTranspose(atSum, p(network, "shortcut.weight"), ConvGeometry.of(2, 0), 9, 9));
    }

    /** pool(concat(relu(left(s)), relu(right(s)))) with s = relu(stem(x)) walked back: signals summed at s. */
    private static Tensor concatReference(Network network, Tensor x, Tensor signal, ProjectionRule rule) {
        Tensor stem = ReferenceKernels.conv2d(x, p(network, "stem.weight"), p(network, "stem.bias"), ConvGeometry.of(1, 1));
        Tensor s = ReferenceKernels.relu(stem);
        Tensor left = ReferenceKernels.conv2d(s, p(network, "left.weight"), p(network, "left.bias"), ConvGeometry.of(1, 0));
        Tensor right = ReferenceKernels.conv2d(s, p(network, "right.weight"), p(network, "right.bias"),
                ConvGeometry.of(1, 1));
        Tensor cat = channels(ReferenceKernels.relu(left), ReferenceKernels.relu(right));
        ReferenceKernels.Pool pool = ReferenceKernels.maxPool(cat, new PoolGeometry(3, 2, false));
        Tensor atCat = ReferenceKernels.unpool(signal, pool.switches(), 8, 8);
        Tensor atLeft = relu(channelRange(atCat, 0, 3), left, rule);
        Tensor atRight = relu(channelRange(atCat, 3, 5), right, rule);
        Tensor atS = plus(ReferenceKernels.conv2dTranspose(atLeft, p(network, "left.weight"), ConvGeometry.of(1, 0), 8, 8),
                ReferenceKernels.conv2dTranspose(atRight, p(network, "right.weight"), ConvGeometry.of(1, 1), 8, 8));
        return ReferenceKernels.conv2dTranspose(relu(atS, stem, rule), p(network, "stem.weight"), ConvGeometry.of(1, 1),
                8, 8);
    }

    /** A rectifier's rule: the deconvnet rectifies the signal, the gradient masks it by the forward input, guided both. */
    private static Tensor relu(Tensor signal, Tensor forwardInput, ProjectionRule rule) {
        double[] out = new double[signal.data().length];
        for (int i = 0; i < out.length; i++) {
            double s = signal.data()[i];
            boolean open = forwardInput.data()[i] > 0;
            out[i] = switch (rule) {
                case DECONVNET -> Math.max(s, 0);
                case GUIDED -> open ? Math.max(s, 0) : 0;
                case GRADIENT -> open ? s : 0;
            };
        }
        return new Tensor(signal.shape().clone(), out);
    }

    private static Tensor p(Network network, String name) {
        return Tensor.of(network.parameters().get(name));
    }

    private static Tensor plus(Tensor a, Tensor b) {
        double[] out = a.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b.data()[i];
        }
        return new Tensor(a.shape().clone(), out);
    }

    /** Two {@code [N, C, H, W]} tensors joined along the channels. */
    private static Tensor channels(Tensor a, Tensor b) {
        int n = a.shape()[0];
        int plane = a.shape()[2] * a.shape()[3];
        int ca = a.shape()[1];
        int cb = b.shape()[1];
        Tensor out = Tensor.zeros(n, ca + cb, a.shape()[2], a.shape()[3]);
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * ca * plane, out.data(), i * (ca + cb) * plane, ca * plane);
            System.arraycopy(b.data(), i * cb * plane, out.data(), (i * (ca + cb) + ca) * plane, cb * plane);
        }
        return out;
    }

    /** Channels {@code [from, to)} of a {@code [N, C, H, W]} tensor. */
    private static Tensor channelRange(Tensor t, int from, int to) {
        int n = t.shape()[0];
        int c = t.shape()[1];
        int plane = t.shape()[2] * t.shape()[3];
        Tensor out = Tensor.zeros(n, to - from, t.shape()[2], t.shape()[3]);
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.data(), (i * c + from) * plane, out.data(), i * (to - from) * plane, (to - from) * plane);
        }
        return out;
    }

    /** Row {@code i} of a batch as a batch of one. */
    private static Tensor row(Tensor t, int i) {
        int[] shape = t.shape().clone();
        int size = t.data().length / shape[0];
        shape[0] = 1;
        double[] out = new double[size];
        System.arraycopy(t.data(), i * size, out, 0, size);
        return new Tensor(shape, out);
    }

    /** A zero batch of {@code shape} holding {@code one} at row {@code i}. */
    private static Tensor withRow(int[] shape, int i, Tensor one) {
        Tensor out = Tensor.zeros(shape);
        System.arraycopy(one.data(), 0, out.data(), i * one.data().length, one.data().length);
        return out;
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(1, expected.maxAbs());
        for (int i = 0; i < expected.data().length; i++) {
            assertEquals(expected.data()[i], actual.data()[i], TOLERANCE * scale, what + " at " + i);
        }
    }
}
