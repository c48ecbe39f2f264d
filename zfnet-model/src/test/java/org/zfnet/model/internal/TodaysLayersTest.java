package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.Preprocessing;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.conformance.ReferenceKernels;
import org.zfnet.conformance.Tensor;
import org.zfnet.formats.FloatArray;

/**
 * A small network of today's layer types (asymmetric padding, batch normalisation, ReLU6, padded max pooling,
 * depthwise and pointwise convolutions, explicit padding, a grouped dilated convolution, average pooling with and
 * without counting the padding, global average pooling): its taps against the plain-Java double-precision reference
 * chain, and its gradients against finite differences of that chain.
 */
class TodaysLayersTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    /** 3x13x12 to 5 classes; shapes in the comments. */
    static ModelSpec mobile(boolean batchNorm) {
        List<LayerSpec> layers = new ArrayList<>();
        layers.add(LayerSpec.conv("stem", 8, 3, 2, 0).withWindow(3, 2, null, List.of(0, 1, 1, 0))
                .with(8, null, null, false, null, null, null)); // 8x6x6
        if (batchNorm) {
            layers.add(LayerSpec.of("batchnorm", "stem_bn"));
        }
        layers.add(LayerSpec.of("relu6", null));
        layers.add(LayerSpec.of("maxpool", "pool").withWindow(3, 2, 1, null)
                .with(null, null, null, null, true, null, null)); // 8x4x4
        layers.add(LayerSpec.conv("dw", 8, 3, 1, 1).with(8, 8, null, null, null, null, null)); // depthwise 8x4x4
        if (batchNorm) {
            layers.add(LayerSpec.of("batchnorm", "dw_bn").with(null, null, null, null, null, null, 1e-3));
        }
        layers.add(LayerSpec.of("relu6", null));
        layers.add(LayerSpec.conv("pw", 12, 1, 1, 0)); // pointwise 12x4x4
        layers.add(LayerSpec.of("pad", "padded").withWindow(null, null, null, List.of(1, 0, 2, 1))); // 12x7x5
        layers.add(LayerSpec.conv("dilated", 6, 3, 1, 2).with(6, 2, 2, null, null, null, null)); // 6x7x5
        layers.add(LayerSpec.relu());
        layers.add(LayerSpec.of("avgpool", "avg").withWindow(3, 1, 1, null)
                .with(null, null, null, null, true, false, null)); // 6x7x5, padding not counted
        layers.add(LayerSpec.of("avgpool", "avg2").withWindow(2, 2, null, List.of(1, 0, 0, 1))); // 6x4x3, counted
        layers.add(LayerSpec.of("globalavgpool", "gap")); // 6x1x1
        layers.add(LayerSpec.of("flatten", null));
        layers.add(LayerSpec.linear("fc", 5));
        layers.add(LayerSpec.softmax("prob"));
        return new ModelSpec("mobile", "today's layer types", List.of(3, 13, 12),
                new Preprocessing(13, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25)), List.of(), layers);
    }

    /** He weights, non-zero biases, and batch normalisation statistics that change every channel. */
    private static Map<String, FloatArray> weights(CompiledSpec spec, long seed) {
        Map<String, FloatArray> weights = Weights.he(spec, seed);
        SplittableRandom random = new SplittableRandom(seed);
        weights.forEach((name, t) -> {
            boolean bn = name.contains("_bn.");
            for (int i = 0; i < t.data().length; i++) {
                if (name.endsWith(".running_var")) {
                    t.data()[i] = (float) (0.2 + random.nextDouble());
                } else if (bn || name.endsWith(".bias")) {
                    t.data()[i] = (float) (bn && name.endsWith(".weight") ? 0.5 + random.nextDouble()
                            : 0.3 * (random.nextDouble() - 0.5));
                }
            }
        });
        return weights;
    }

    @Test
    void shapesParametersAndMultiplyAddsFollowPyTorch() {
        CompiledSpec spec = CompiledSpec.of(mobile(true));
        assertArrayEquals(new long[] {8, 6, 6}, spec.shapes.get(0));
        assertArrayEquals(new long[] {8, 4, 4}, spec.shapes.get(3), "3x3/2 pad 1 ceil: 6 to 4");
        assertArrayEquals(new long[] {8, 1, 3, 3}, spec.parameters.get("dw.weight"), "depthwise [out, in/groups, k, k]");
        assertArrayEquals(new long[] {6, 6, 3, 3}, spec.parameters.get("dilated.weight"));
        assertArrayEquals(new long[] {8}, spec.parameters.get("stem_bn.running_var"));
        assertFalse(spec.parameters.containsKey("stem.bias"));
        assertArrayEquals(new long[] {12, 7, 5}, spec.shapes.get(8));
        assertArrayEquals(new long[] {6, 4, 3}, spec.shapes.get(12));
        assertArrayEquals(new long[] {6, 1, 1}, spec.shapes.get(13));
        assertEquals(8L * 4 * 4 * 9, spec.summary.get(4).macs(), "depthwise: one input channel per filter");
        assertEquals(6L * 7 * 5 * 6 * 9, spec.summary.get(9).macs(), "2 groups: half the input channels per filter");
    }

    @Test
    void groupsThatDoNotSplitTheChannelsAndPoolingPaddingPastHalfTheWindowAreRefused() {
        List<LayerSpec> layers = new ArrayList<>(mobile(false).layers());
        layers.set(3, LayerSpec.conv("dw", 8, 3, 1, 1).with(8, 3, null, null, null, null, null));
        assertEquals("layer 3 'dw' (conv): 8 input and 8 output channels do not split into 3 groups",
                assertThrows(InvalidInputException.class, () -> CompiledSpec.of(withLayers(layers))).getMessage());
        layers.set(3, LayerSpec.of("avgpool", "dw").withWindow(3, 1, 2, null));
        assertEquals("layer 3 'dw' (avgpool): pooling padding must be at most half the window 3, got [2, 2, 2, 2]",
                assertThrows(InvalidInputException.class, () -> CompiledSpec.of(withLayers(layers))).getMessage());
    }

    private static ModelSpec withLayers(List<LayerSpec> layers) {
        ModelSpec m = mobile(false);
        return new ModelSpec(m.name(), m.description(), m.input(), m.preprocessing(), m.labels(), layers);
    }

    @Test
    void everyTapAgreesWithTheReferenceChain() {
        CompiledSpec spec = CompiledSpec.of(mobile(true));
        Map<String, FloatArray> weights = weights(spec, 3);
        GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(weights), CPU, "test");
        Tensor input = Tensor.uniform(new SplittableRandom(4), -3, 3, 2, 3, 13, 12).roundedToFloat();
        List<Tensor> reference = ReferencePathTest.referenceChain(spec, weights, input);
        try (ForwardTrace trace = network.forward(input.toFloat())) {
            for (Map.Entry<String, Integer> tap : spec.taps.entrySet()) {
                Tensor actual = Tensor.of(trace.tap(tap.getKey()));
                Tensor expected = reference.get(tap.getValue());
                assertArrayEquals(expected.shape(), actual.shape(), tap.getKey());
                double maxAbs = 0;
                for (int i = 0; i < actual.data().length; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(actual.data()[i] - expected.data()[i]));
                }
                System.out.printf("tap %-8s max abs error %.3e (values up to %.3g)%n", tap.getKey(), maxAbs,
                        expected.maxAbs());
                assertTrue(maxAbs <= 1e-5 * Math.max(1, expected.maxAbs()), tap.getKey() + ": max abs error " + maxAbs);
            }
            // ReLU6 clips somewhere, or the test would not hold it to its upper bound
            Tensor stem = reference.get(1);
            assertTrue(java.util.Arrays.stream(stem.data()).anyMatch(v -> v > 6), "some stem outputs exceed 6");
            Tensor switches = ReferenceKernels.maxPool(reference.get(2),
                    org.zfnet.model.internal.layers.MaxPool.geometry(spec.spec.layers().get(3))).switches();
            try (ForwardTrace withSwitches = network.forward(input.toFloat(), "pool", true)) {
                assertArrayEquals(switches.data(), Tensor.of(withSwitches.pooling(3).switches()).data());
            }
        }
    }

    /** Batch normalisation runs in inference mode: a network holding it is refused before training starts. */
    @Test
    void trainingRefusesBatchNormalisationWithOneLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Trainer.requireTrainable(CompiledSpec.of(mobile(true))));
        assertEquals("model mobile: layer 1 'stem_bn' (batchnorm) cannot be trained (batch statistics are not "
                + "computed; it runs in inference mode only)", e.getMessage());
        Trainer.requireTrainable(CompiledSpec.of(mobile(false)));
    }

    /**
     * Every parameter's gradient against finite differences of the reference chain; with batch normalisation the
     * gradients flow through it (its statistics and scale are constants and get none).
     */
    @Test
    void gradientsMatchFiniteDifferencesThroughEveryType() {
        for (boolean batchNorm : new boolean[] {false, true}) {
            CompiledSpec spec = CompiledSpec.of(mobile(batchNorm));
            Map<String, FloatArray> weights = weights(spec, 5);
            GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(weights), CPU, "test");
            Tensor x = Tensor.uniform(new SplittableRandom(6), -3, 3, 2, 3, 13, 12).roundedToFloat();
            int[] labels = {4, 1};
            Backprop.Result result;
            try (INDArray input = x.toFloat()) {
                result = Backprop.step(network, input, labels, 1);
            }
            assertEquals(crossEntropy(spec, weights, x, labels), result.loss(), 1e-5);
            SplittableRandom pick = new SplittableRandom(7);
            for (String name : spec.parameters.keySet()) {
                if (name.contains("_bn.")) {
                    assertFalse(result.gradients().containsKey(name), name);
                    continue;
                }
                float[] analytic = result.gradients().get(name).dup('c').data().asFloat();
                float[] values = weights.get(name).data();
                for (int s = 0; s < 6; s++) {
                    int i = pick.nextInt(values.length);
                    float saved = values[i];
                    double h = 1e-3;
                    values[i] = (float) (saved + h);
                    double up = crossEntropy(spec, weights, x, labels);
                    values[i] = (float) (saved - h);
                    double down = crossEntropy(spec, weights, x, labels);
                    values[i] = saved;
                    double numeric = (up - down) / (2 * h);
                    double error = Math.abs(analytic[i] - numeric) / (1e-3 + Math.abs(numeric));
                    assertTrue(error < 2e-2 || Math.abs(analytic[i] - numeric) < 2e-5, name + "[" + i + "] (batch "
                            + "norm " + batchNorm + "): backprop " + analytic[i] + ", finite differences " + numeric);
                }
            }
            result.gradients().values().forEach(INDArray::close);
        }
    }

    private static double crossEntropy(CompiledSpec spec, Map<String, FloatArray> weights, Tensor x, int[] labels) {
        List<Tensor> outputs = ReferencePathTest.referenceChain(spec, weights, x);
        Tensor p = outputs.get(outputs.size() - 1);
        int classes = p.shape()[1];
        double loss = 0;
        for (int n = 0; n < labels.length; n++) {
            loss -= Math.log(p.data()[n * classes + labels[n]]);
        }
        return loss / labels.length;
    }
}
