package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.conformance.Tensor;
import org.zfnet.formats.FloatArray;

/** Backpropagation through ZFNet's whole layer sequence against finite differences of the reference chain. */
class BackpropTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    /** ZFNet's layers, narrow, with dropout p = 0 so that the training pass is deterministic. */
    static ModelSpec narrow() {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : BuiltInSpecs.zfnetLayers(new int[] {4, 6, 6, 6, 4}, 8, 3)) {
            layers.add(l.type().equals("dropout") ? LayerSpec.dropout(0.0) : l);
        }
        ModelSpec t = TestSpecs.tiny();
        return new ModelSpec("narrow", "", t.input(), t.preprocessing(), List.of(), layers);
    }

    @Test
    void gradientsOfEveryParameterMatchFiniteDifferences() {
        gradientsMatch(narrow(), 2, 3, 63, 63);
    }

    @Test
    void gradientsThroughResidualAndConcatJoinsMatchFiniteDifferences() {
        gradientsMatch(TestSpecs.graph(), 2, 3, 16, 16);
    }

    private static void gradientsMatch(ModelSpec model, int... inputShape) {
        CompiledSpec spec = CompiledSpec.of(model);
        Map<String, FloatArray> weights = Weights.he(spec, 11);
        // larger biases, so that ReLUs are not all on or off
        weights.forEach((name, t) -> {
            if (name.endsWith(".bias")) {
                for (int i = 0; i < t.data().length; i++) {
                    t.data()[i] = (float) (0.1 * Math.sin(i + name.length()));
                }
            }
        });
        GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(weights), CPU, "test");
        Tensor x = Tensor.uniform(new SplittableRandom(5), -1, 1, inputShape).roundedToFloat();
        int[] labels = {2, 0};
        Backprop.Result result;
        try (INDArray input = x.toFloat()) {
            result = Backprop.step(network, input, labels, 1);
        }
        assertEquals(crossEntropy(spec, weights, x, labels), result.loss(), 1e-5);

        SplittableRandom pick = new SplittableRandom(9);
        double worst = 0;
        for (String name : spec.parameters.keySet()) {
            float[] analytic = result.gradients().get(name).dup('c').data().asFloat();
            float[] values = weights.get(name).data();
            for (int s = 0; s < 6; s++) {
                int i = pick.nextInt(values.length);
                float saved = values[i];
                double h = 1e-4; // small enough that a step rarely crosses a ReLU kink (a bias moves every position)
                values[i] = (float) (saved + h);
                double up = crossEntropy(spec, weights, x, labels);
                values[i] = (float) (saved - h);
                double down = crossEntropy(spec, weights, x, labels);
                values[i] = saved;
                double numeric = (up - down) / (values[i] + h - (values[i] - h));
                double error = Math.abs(analytic[i] - numeric) / (1e-3 + Math.abs(numeric));
                worst = Math.max(worst, Math.abs(analytic[i] - numeric));
                assertTrue(error < 2e-2 || Math.abs(analytic[i] - numeric) < 2e-5,
                        name + "[" + i + "]: backprop " + analytic[i] + ", finite differences " + numeric);
            }
        }
        System.out.printf("backprop vs finite differences: largest absolute difference %.2e%n", worst);
        result.gradients().values().forEach(INDArray::close);
    }

    /** Mean cross-entropy of the reference chain (double precision) with the current weights. */
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
