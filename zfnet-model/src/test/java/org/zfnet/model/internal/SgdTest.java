package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

class SgdTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    @Test
    void renormalisationRescalesOnlyFiltersWhoseRmsExceedsTheRadius() {
        // filter 0: four values of 0.5, RMS 0.5 -> all 0.1; filter 1: RMS 0.05 stays; filter 2: 0.3, -0.4, 0, 0
        // has RMS sqrt((0.09 + 0.16) / 4) = 0.25 -> scaled by 0.4 to 0.12, -0.16
        INDArray w = Nd4j.createFromArray(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.05f, -0.05f, 0.05f, -0.05f,
            0.3f, -0.4f, 0f, 0f}).reshape(3, 1, 2, 2);
        Sgd.renormalise(w, 0.1);
        assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.1f, 0.05f, -0.05f, 0.05f, -0.05f, 0.12f, -0.16f, 0f, 0f},
                w.data().asFloat(), 1e-6f);
    }

    @Test
    void momentumStepAsWritten() {
        INDArray w = Nd4j.createFromArray(new float[] {1f, -2f});
        INDArray b = Nd4j.createFromArray(new float[] {0.5f});
        Sgd sgd = new Sgd(Map.of("fc.weight", w, "fc.bias", b), Set.of(), 0.9, 0.1, 0);
        // first step: v = -0.01 (g + 0.1 w) for weights, -0.01 g for the bias
        sgd.step(Map.of("fc.weight", Nd4j.createFromArray(new float[] {1f, 1f}), "fc.bias",
                Nd4j.createFromArray(new float[] {2f})), 0.01);
        assertArrayEquals(new float[] {1f - 0.011f, -2f - 0.008f}, w.data().asFloat(), 1e-7f);
        assertArrayEquals(new float[] {0.5f - 0.02f}, b.data().asFloat(), 1e-7f);
        // second step, zero gradient: v = 0.9 v - 0.01 * 0.1 w
        sgd.step(Map.of("fc.weight", Nd4j.zeros(2), "fc.bias", Nd4j.zeros(1)), 0.01);
        assertEquals(0.989f + 0.9f * -0.011f - 0.001f * 0.989f, w.getFloat(0), 1e-6f);
        assertEquals(0.48f + 0.9f * -0.02f, b.getFloat(0), 1e-6f);
    }

    /** Class 0: vertical stripes, 1: horizontal stripes, 2: a checkerboard; random phase and period per image. */
    static INDArray stripes(int[] labels) {
        java.util.Random random = new java.util.Random(8);
        float[] data = new float[labels.length * 3 * 63 * 63];
        for (int n = 0; n < labels.length; n++) {
            int period = 4 + random.nextInt(5);
            int phase = random.nextInt(period);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 63; y++) {
                    for (int x = 0; x < 63; x++) {
                        boolean v = ((x + phase) / period) % 2 == 0;
                        boolean h = ((y + phase) / period) % 2 == 0;
                        boolean on = labels[n] == 0 ? v : labels[n] == 1 ? h : v ^ h;
                        data[((n * 3 + c) * 63 + y) * 63 + x] = on ? 1f : -1f;
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {labels.length, 3, 63, 63}, 'c');
    }

    @Test
    void lossFallsWhenATinyNetworkTrainsOnAFixedBatch() {
        ModelSpec t = TestSpecs.tiny();
        CompiledSpec spec = CompiledSpec.of(new ModelSpec("small", "", t.input(), t.preprocessing(), List.of(),
                BuiltInSpecs.zfnetLayers(new int[] {16, 32, 32, 32, 32}, 32, 3)));
        GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(Weights.he(spec, 3)), CPU, "test");
        Set<String> convs = new LinkedHashSet<>();
        spec.parameters.keySet().stream().filter(n -> n.startsWith("conv") && n.endsWith(".weight")).forEach(convs::add);
        Sgd sgd = new Sgd(network.parameters(), convs, 0.9, 0, 0.1);
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
        INDArray x = stripes(labels);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 50; step++) {
            Backprop.Result r = Backprop.step(network, x, labels, step);
            losses.add(r.loss());
            sgd.step(r.gradients(), 0.01);
            r.gradients().values().forEach(INDArray::close);
        }
        System.out.println("loss over 50 steps: " + losses.get(0) + " -> " + losses.get(49));
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(45, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.5 * first && last < 0.6 * Math.log(3), "mean loss of the first five steps " + first
                + ", of the last five " + last + " (chance: ln 3 = 1.10); all: " + losses);
        for (String conv : convs) {
            INDArray w = network.parameters().get(conv);
            INDArray rms = w.reshape(w.size(0), -1).norm2(1).divi(Math.sqrt(w.length() / w.size(0)));
            assertTrue(rms.maxNumber().doubleValue() <= 0.1 + 1e-6, conv + " filters renormalised: " + rms);
        }
    }
}
