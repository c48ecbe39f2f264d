package org.zfnet.examples.edges;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/** The plugin outside the container, on the real CPU kernels, with the plugin test kit. */
class EdgePluginTest {

    private static AnalysisResult run(InputSet inputs, Map<String, String> options) {
        EdgePlugin plugin = new EdgePlugin();
        return plugin.run(AnalysisRequest.checked(plugin, inputs, options), TestContext.withoutNetwork());
    }

    @Test
    void verticalStepGivesSobelStrengthFourOnBothSidesOfTheStep() {
        // 3 channels, 6x8, columns 0-3 are 0 and columns 4-7 are 1. In the interior rows the Sobel x
        // response is (1 + 2 + 1) * 1 = 4 in columns 3 and 4, 0 in columns 0-2 and 5-6 (column 7 sees
        // the zero padding on its right and is 4 as well)
        INDArray image = Nd4j.zeros(DataType.FLOAT, 1, 3, 6, 8);
        image.get(all(), all(), all(), NDArrayIndex.interval(4, 8)).assign(1);
        AnalysisResult result = run(InputSet.of(image, List.of("step")), Map.of("threshold", "2"));
        INDArray edges = result.arrays().get("edges");
        assertArrayEquals(new long[] {1, 1, 6, 8}, edges.shape());
        for (int row = 1; row < 5; row++) {
            float[] values = edges.get(point(0), point(0), point(row)).dup().data().asFloat();
            assertArrayEquals(new float[] {0, 0, 0, 4, 4, 0, 0, 4}, values, 1e-5f, "row " + row);
        }
        // above threshold 2: 3 pixels in each of the 4 interior rows, and columns 3-7 of the top and
        // bottom rows (their strengths are sqrt(10), sqrt(18), 4, 4, sqrt(18)): 22 of 48 pixels
        List<?> fractions = (List<?>) result.summary().get("edge_fraction");
        assertEquals(1, fractions.size());
        assertEquals(22.0 / 48, (Double) fractions.get(0), 1e-6);
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private static INDArrayIndex point(long i) {
        return NDArrayIndex.point(i);
    }

    @Test
    void everySampleImageHasEdgesAndOneFigureEach() {
        InputSet samples = TestInputs.samples(TestNetworks.zfnetMiniSpec(), 1, 3);
        AnalysisResult result = run(samples, Map.of());
        assertArrayEquals(new long[] {6, 1, 112, 112}, result.arrays().get("edges").shape());
        assertEquals(6, result.figures().size());
        assertEquals(0.5, (Double) result.summary().get("threshold"), "the declared default");
        for (Object fraction : (List<?>) result.summary().get("edge_fraction")) {
            assertTrue((Double) fraction > 0 && (Double) fraction < 1, "some pixels are edges, not all: " + fraction);
        }
        assertThrows(InvalidInputException.class, () -> run(null, Map.of()), "no inputs");
    }

    @Test
    void weightsAverageTheChannels() {
        INDArray w = EdgePlugin.sobelWeights(4);
        assertArrayEquals(new long[] {2, 4, 3, 3}, w.shape());
        assertEquals(0.5, w.getDouble(0, 3, 1, 2), 1e-7);
        assertEquals(-0.5, w.getDouble(1, 0, 0, 1), 1e-7);
    }
}
