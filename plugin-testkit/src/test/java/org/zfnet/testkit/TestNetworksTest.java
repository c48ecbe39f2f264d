package org.zfnet.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

class TestNetworksTest {

    @Test
    void tinyZfnetHasZfnetsTapsAtTheDocumentedSizes() {
        Map<String, List<Integer>> shapes = new java.util.HashMap<>();
        for (LayerSummary row : TestNetworks.factory().summarize(TestNetworks.tinyZfnet(63, 63))) {
            shapes.put(row.tap(), row.outputShape());
        }
        assertEquals(List.of(6, 30, 30), shapes.get("conv1"));
        assertEquals(List.of(6, 15, 15), shapes.get("pool1"));
        assertEquals(List.of(8, 6, 6), shapes.get("conv2"));
        assertEquals(List.of(8, 3, 3), shapes.get("conv5"));
        assertEquals(List.of(8, 1, 1), shapes.get("pool5"));
        assertEquals(List.of(5), shapes.get("prob"));
    }

    @Test
    void theSameSeedGivesTheSameNetwork() {
        ModelSpec spec = TestNetworks.tinyZfnet(63, 63);
        assertEquals(TestNetworks.random(spec, 4).parameters(), TestNetworks.random(spec, 4).parameters());
        assertTrue(!TestNetworks.random(spec, 4).parameters().equals(TestNetworks.random(spec, 5).parameters()));
    }

    /** One 2x2 filter [[1, 2], [3, 4]] with bias 1 on a 1x3x3 input 0..8: outputs 1 + (0 + 2 + 9 + 16) = 28, ... */
    @Test
    void handSetWeightsGiveTheHandComputedOutput() {
        ModelSpec spec = new ModelSpec("hand", "", List.of(1, 3, 3), null, List.of(),
                List.of(LayerSpec.conv("conv1", 1, 2, 1, 0)));
        Network network = TestNetworks.withWeights(spec, Map.of(
                "conv1.weight", HostArrays.floats(new float[] {1, 2, 3, 4}, 1, 1, 2, 2),
                "conv1.bias", HostArrays.floats(new float[] {1}, 1)));
        try (ForwardTrace trace = network.forward(HostArrays.floats(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 3, 3))) {
            // (0,0): 0 + 2 + 9 + 16 = 27; (0,1): 1 + 4 + 12 + 20 = 37; (1,0): 3 + 8 + 18 + 28 = 57; (1,1): 67; plus 1
            assertArrayEquals(new float[] {28, 38, 58, 68}, HostArrays.floats(trace.tap("conv1")), 1e-5f);
        }
        ZfnetException wrong = assertThrows(ZfnetException.class, () -> TestNetworks.withWeights(spec, Map.of(
                "conv1.weight", HostArrays.floats(new float[] {1, 2, 3}, 1, 1, 1, 3),
                "conv1.bias", HostArrays.floats(new float[] {1}, 1))));
        assertTrue(wrong.getMessage().contains("conv1.weight"), wrong.getMessage());
    }

    @Test
    void zfnetMiniWithItsShippedWeightsKnowsTheSampleImages() {
        Network mini = TestNetworks.zfnetMini();
        InputSet samples = TestInputs.samples(mini.spec(), 2, 2014);
        int right = 0;
        try (INDArray x = samples.load(0, samples.size()); ForwardTrace trace = mini.forward(x)) {
            INDArray prob = trace.tap("prob");
            for (int i = 0; i < samples.size(); i++) {
                int best = prob.getRow(i).argMax().getInt(0);
                if (mini.spec().labels().get(best).equals(samples.annotation(i).orElseThrow().className())) {
                    right++;
                }
            }
        }
        assertTrue(right >= 10, right + " of 12 sample images classified right");
    }
}
