package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.formats.Npz;

/**
 * Reduced-width torchvision-style CNNs (ResNet-18's BasicBlocks with downsampling, MobileNetV2's inverted residuals
 * with ReLU6 and depthwise convolutions, SqueezeNet's Fire modules with an Inception-like block, AlexNet's order with
 * LRN and padding) against PyTorch 1.13 on the same weights and inputs
 * ({@code src/test/python/make_parity_fixtures.py}, which implements the projection rules independently as autograd
 * functions at the rectifiers): the logits and taps to 1e-4, and the three projection rules of Zeiler and Fergus's
 * deconvnet (arXiv 1311.2901, Sec. 2.1), guided backpropagation and the gradient to 1e-3, relative to the largest
 * magnitude of PyTorch's array. The projected signal is, per sample, the single largest activation of a channel at its
 * place with its value; walked in full for the batch, for one sample, and windowed from the activations.
 *
 * <p>Each model reaches zfnet by two routes ({@link Route}): our spec JSON (converted from torch.fx) with the state
 * dict as {@code .npz}, and the {@code .onnx} file torch.onnx.export wrote for the same weights (batch normalisation
 * folded into the convolution before it, layers named by ONNX node names, the reference's taps found by their module
 * paths). The AlexNet-like model takes the first route only: the exporter writes {@code nn.LocalResponseNorm} as a
 * chain of elementary operators (Mul, Pad, AveragePool, Pow, Div and shape arithmetic) that the importer refuses.
 */
class TorchParityTest {

    private static final double FORWARD_TOLERANCE = 1e-4;
    private static final double PROJECTION_TOLERANCE = 1e-3;

    /** How a model reaches zfnet: the files of the fixture folder its spec and weights are read from. */
    enum Route {
        /** {@code spec.json}, converted from the torch.fx graph, and the state dict {@code weights.npz}. */
        SPEC("spec.json", "weights.npz"),
        /** {@code model.onnx}, as torch.onnx.export wrote it with a softmax appended, for spec and weights. */
        ONNX("model.onnx", "model.onnx");

        final String spec;
        final String weights;

        Route(String spec, String weights) {
            this.spec = spec;
            this.weights = weights;
        }
    }

    /**
     * The reference's taps that are torch.fx function nodes, not modules, by the module whose last node computes
     * them in the ONNX file (its tap alias): the residual sum of MobileNetV2's fourth block, the Fire module's and the
     * Inception-like block's concatenations. The other taps are modules, whose fx names are their module paths.
     */
    private static final Map<String, Map<String, String>> ONNX_TAPS = Map.of(
            "mobilenet", Map.of("add", "features.3"),
            "squeeze", Map.of("cat", "features.3", "cat_3", "mixed"));

    /** What the fixture script writes for each model: the network, its input and PyTorch's results. */
    private record Fixture(String model, Route route, Network network, INDArray input,
            Map<String, FloatArray> reference) {

        static Fixture of(String model) {
            return of(model, Route.SPEC);
        }

        static Fixture of(String model, Route route) {
            Path folder = resource("parity/" + model);
            Networks networks = new Networks();
            ModelSpec spec = networks.readSpec(folder.resolve(route.spec));
            Network network = networks.load(spec, folder.resolve(route.weights), WindowedWalkTest.CPU);
            FloatArray x = Npy.readFloat32(folder.resolve("input.npy"));
            return new Fixture(model, route, network, HostArrays.floats(x.data(), x.shape()),
                    Npz.readFloats(folder.resolve("reference.npz")));
        }

        /** The network's name of the reference's tap {@code tap}. */
        String tap(String tap) {
            return route == Route.SPEC ? tap : ONNX_TAPS.getOrDefault(model, Map.of()).getOrDefault(tap, tap);
        }

        /** The taps whose projections the script computed (the reference's arrays named by a tap alone). */
        List<String> projectedTaps() {
            return reference.keySet().stream().filter(k -> !k.contains("/") && reference.containsKey(k + "/channel"))
                    .toList();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(TorchParityTest.class.getResource("/org/zfnet/model/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every model by our spec, and every one but the AlexNet-like (LRN) by ONNX. */
    static Stream<Arguments> routes() {
        return Stream.of(Arguments.of("resnet", Route.SPEC), Arguments.of("mobilenet", Route.SPEC),
                Arguments.of("squeeze", Route.SPEC), Arguments.of("alexnet", Route.SPEC),
                Arguments.of("resnet", Route.ONNX), Arguments.of("mobilenet", Route.ONNX),
                Arguments.of("squeeze", Route.ONNX));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void logitsAndTapsEqualPyTorch(String name, Route route) {
        Fixture f = Fixture.of(name, route);
        String model = name + " " + route;
        int layers = f.network().spec().layers().size();
        try (ForwardTrace trace = f.network().forward(f.input())) {
            assertClose(f.reference().get("logits"), trace.output(layers - 2), FORWARD_TOLERANCE, model + " logits");
            assertClose(f.reference().get("prob"), trace.tap("prob"), FORWARD_TOLERANCE, model + " prob");
            for (String reference : f.projectedTaps()) {
                String tap = f.tap(reference);
                assertClose(f.reference().get(reference), trace.tap(tap), FORWARD_TOLERANCE, model + " tap " + tap);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("routes")
    void projectionsEqualPyTorchUnderEveryRule(String name, Route route) {
        Fixture f = Fixture.of(name, route);
        String model = name + " " + route;
        Network network = f.network();
        int compared = 0;
        try (ForwardTrace trace = network.forward(f.input())) {
            for (String reference : f.projectedTaps()) {
                String tap = f.tap(reference);
                assertTrue(network.windowed(tap), model + " " + tap + " is windowed");
                List<Activation> strongest = strongest(f.reference().get(reference),
                        (int) f.reference().get(reference + "/channel").data()[0]);
                long[] shape = f.reference().get(reference).shape();
                for (ProjectionRule rule : ProjectionRule.values()) {
                    for (boolean lrnGradient : new boolean[] {false, true}) {
                        FloatArray expected = f.reference().get(reference + "/" + rule + (lrnGradient ? "/lrn" : ""));
                        if (expected == null) {
                            continue;
                        }
                        String what = model + " " + tap + " " + rule + (lrnGradient ? " lrn gradient" : "");
                        assertTrue(maxAbs(expected.data()) > 0, what + ": PyTorch's projection is not all zero");
                        try (INDArray signal = oneHot(shape, strongest, -1);
                                INDArray full = network.project(trace, tap, signal, rule, lrnGradient)) {
                            assertClose(expected, full, PROJECTION_TOLERANCE, what + " whole batch");
                        }
                        try (INDArray signal = oneHot(shape, strongest, 1);
                                INDArray one = network.project(trace, 1, tap, signal, rule, lrnGradient)) {
                            assertClose(row(expected, 1), one, PROJECTION_TOLERANCE, what + " sample 1");
                        }
                        try (INDArray windowed = network.projectActivations(trace, tap, strongest, rule, lrnGradient)) {
                            assertClose(expected, windowed, PROJECTION_TOLERANCE, what + " windowed");
                        }
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared >= 6, model + ": " + compared + " projections compared");
    }

    /**
     * The fixtures can tell the rules apart: for every pair of rules some projection differs by far more than the
     * tolerance, so a rule walked as another would fail the comparison above.
     */
    @ParameterizedTest
    @ValueSource(strings = {"resnet", "mobilenet", "squeeze", "alexnet"})
    void theRulesProjectionsDifferBeyondTheTolerance(String model) {
        Fixture f = Fixture.of(model);
        ProjectionRule[] rules = ProjectionRule.values();
        for (int a = 0; a < rules.length; a++) {
            for (int b = a + 1; b < rules.length; b++) {
                double largest = 0;
                for (String tap : f.projectedTaps()) {
                    float[] x = f.reference().get(tap + "/" + rules[a]).data();
                    float[] y = f.reference().get(tap + "/" + rules[b]).data();
                    double scale = Math.max(maxAbs(x), maxAbs(y));
                    for (int i = 0; i < x.length; i++) {
                        largest = Math.max(largest, Math.abs(x[i] - y[i]) / scale);
                    }
                }
                assertTrue(largest > 20 * PROJECTION_TOLERANCE, model + ": " + rules[a] + " and " + rules[b]
                        + " differ by at most " + largest + " of their scale");
            }
        }
    }

    /** Per sample, the largest activation of {@code channel} in PyTorch's tap output {@code [N, C, H, W]}. */
    private static List<Activation> strongest(FloatArray tap, int channel) {
        int n = (int) tap.shape()[0];
        int c = (int) tap.shape()[1];
        int h = (int) tap.shape()[2];
        int w = (int) tap.shape()[3];
        List<Activation> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int from = (s * c + channel) * h * w;
            int best = from;
            for (int i = from; i < from + h * w; i++) {
                best = tap.data()[i] > tap.data()[best] ? i : best;
            }
            out.add(new Activation(s, channel, (best - from) / w, (best - from) % w, tap.data()[best]));
        }
        return out;
    }

    /** The activations as a signal of {@code shape}; with {@code sample >= 0} that sample's alone, batch size 1. */
    private static INDArray oneHot(long[] shape, List<Activation> activations, int sample) {
        long[] s = shape.clone();
        s[0] = sample >= 0 ? 1 : s[0];
        float[] data = new float[(int) (s[0] * s[1] * s[2] * s[3])];
        for (Activation a : activations) {
            if (sample < 0 || a.sample() == sample) {
                int row = sample < 0 ? a.sample() : 0;
                data[(int) (((row * s[1] + a.channel()) * s[2] + a.y()) * s[3] + a.x())] = a.value();
            }
        }
        return HostArrays.floats(data, s);
    }

    private static FloatArray row(FloatArray a, int i) {
        long[] shape = a.shape().clone();
        int size = (int) (a.data().length / shape[0]);
        shape[0] = 1;
        float[] out = new float[size];
        System.arraycopy(a.data(), i * size, out, 0, size);
        return new FloatArray(shape, out);
    }

    private static double maxAbs(float[] data) {
        double m = 0;
        for (float v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Equal shapes, and every element within {@code tolerance} times the largest magnitude of {@code expected}. */
    private static void assertClose(FloatArray expected, INDArray actual, double tolerance, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] got = HostArrays.floats(actual);
        double scale = maxAbs(expected.data());
        double worst = 0;
        int at = 0;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - expected.data()[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        System.out.printf("%-55s max abs difference %.2e of %.3g (%.1e relative)%n", what, worst, scale,
                worst / scale);
        assertEquals(expected.data()[at], got[at], tolerance * scale, what + " at " + at + " (scale " + scale + ")");
    }
}
