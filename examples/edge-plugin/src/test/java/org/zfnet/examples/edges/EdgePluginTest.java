package org.zfnet.examples.edges;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.StandaloneContext;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;

class EdgePluginTest {

    private static final ComputeBackend BACKEND = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    private static final AnalysisContext CONTEXT = StandaloneContext.of(BACKEND);

    @Test
    void verticalStepGivesSobelStrengthFourOnBothSidesOfTheStep() {
        // 3 channels, 6x8, columns 0-3 are 0 and columns 4-7 are 1. In the interior rows the Sobel x
        // response is (1 + 2 + 1) * 1 = 4 in columns 3 and 4, 0 in columns 0-2 and 5-6 (column 7 sees
        // the zero padding on its right and is 4 as well)
        INDArray image = Nd4j.zeros(DataType.FLOAT, 1, 3, 6, 8);
        image.get(all(), all(), all(), NDArrayIndex.interval(4, 8)).assign(1);
        AnalysisResult result = new EdgePlugin().run(
                new AnalysisRequest(InputSet.of(image, List.of("step")), Map.of("threshold", "2")), CONTEXT);
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
    void weightsAverageTheChannels() {
        INDArray w = EdgePlugin.sobelWeights(4);
        assertArrayEquals(new long[] {2, 4, 3, 3}, w.shape());
        assertEquals(0.5, w.getDouble(0, 3, 1, 2), 1e-7);
        assertEquals(-0.5, w.getDouble(1, 0, 0, 1), 1e-7);
    }
}
