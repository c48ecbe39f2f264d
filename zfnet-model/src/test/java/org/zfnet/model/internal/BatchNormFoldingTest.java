package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.conformance.Tensor;
import org.zfnet.formats.FloatArray;

/**
 * Batch normalisation folded into the convolution before it gives the normalisation's output as computed apart, and
 * the convolution's own tap, computed on request, as the plain convolution; a convolution whose output also feeds
 * another layer is not folded.
 */
class BatchNormFoldingTest {

    static ModelSpec spec() {
        return new ModelSpec("folding", "", List.of(3, 11, 13), null, List.of(), List.of(
                LayerSpec.conv("c1", 5, 3, 2, 1), LayerSpec.of("batchnorm", "c1_bn").with(null, null, null, null, null,
                        null, 1e-3), LayerSpec.of("relu", "r1"),
                LayerSpec.conv("c2", 4, 3, 1, 1).with(null, null, null, false, null, null, null),
                LayerSpec.of("batchnorm", "c2_bn"), LayerSpec.of("add", "sum").withInputs("c2", "c2_bn"),
                LayerSpec.of("flatten", "flat"), LayerSpec.linear("fc", 3), LayerSpec.softmax("prob")));
    }

    @Test
    void foldedNormalisationAndTheConvolutionsTapEqualTheReference() {
        CompiledSpec compiled = CompiledSpec.of(spec());
        Map<String, FloatArray> weights = Weights.he(compiled, 2);
        SplittableRandom random = new SplittableRandom(5);
        weights.forEach((name, t) -> {
            if (name.contains("_bn.")) {
                for (int i = 0; i < t.data().length; i++) {
                    t.data()[i] = (float) (name.endsWith("running_var") ? 0.3 + random.nextDouble()
                            : random.nextDouble() - 0.5);
                }
            }
        });
        GraphNetwork network = new GraphNetwork(compiled, Weights.toArrays(weights), ReferencePathTest.CPU, "test");
        assertTrue(network.folded(0), "c1 feeds only its normalisation: folded");
        assertFalse(network.folded(3), "c2 also feeds the sum: not folded");
        Tensor x = Tensor.uniform(new SplittableRandom(3), -1, 1, 2, 3, 11, 13).roundedToFloat();
        List<Tensor> reference = ReferencePathTest.referenceChain(compiled, weights, x);
        try (INDArray input = x.toFloat(); ForwardTrace trace = network.forward(input)) {
            for (String tap : List.of("c1_bn", "c1", "prob")) {
                Tensor actual = Tensor.of(trace.tap(tap));
                Tensor expected = reference.get(network.tapLayer(tap));
                double worst = 0;
                for (int i = 0; i < actual.data().length; i++) {
                    worst = Math.max(worst, Math.abs(actual.data()[i] - expected.data()[i]));
                }
                assertEquals(0, worst, 1e-5, tap);
            }
        }
    }
}
