package org.zfnet.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.dto.ObjectAnnotation;

class TestInputsTest {

    @Test
    void randomBatchesHaveTheSpecsShapeAndDependOnTheSeedOnly() {
        ModelSpec spec = TestNetworks.tinyZfnet(31, 47);
        INDArray a = TestInputs.batch(spec, 3, 9);
        assertArrayEquals(new long[] {3, 3, 31, 47}, a.shape());
        assertEquals(a, TestInputs.batch(spec, 3, 9));
        assertNotEquals(a, TestInputs.batch(spec, 3, 10));
        InputSet inputs = TestInputs.random(spec, 3, 9);
        assertEquals("input-2", inputs.name(2));
        assertEquals(a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3)), inputs.load(1, 3));
    }

    @Test
    void samplesAreOnePerClassInLabelOrderWithTheirBoxesInInputPixels() {
        ModelSpec spec = TestNetworks.zfnetMiniSpec();
        InputSet samples = TestInputs.samples(spec, 1, 7);
        assertEquals(6, samples.size());
        assertEquals("boat_00000.png", samples.name(0));
        assertEquals("tree_00000.png", samples.name(5));
        assertArrayEquals(new long[] {6, 3, 112, 112}, samples.load(0, 6).shape());
        for (int i = 0; i < 6; i++) {
            ObjectAnnotation a = samples.annotation(i).orElseThrow();
            assertEquals(spec.labels().get(i), a.className());
            assertTrue(!a.parts().isEmpty(), a.toString());
            List<Double> o = a.object();
            // the object's box overlaps the 112x112 input and holds its parts' centres
            assertTrue(o.get(0) < 112 && o.get(1) < 112 && o.get(0) + o.get(2) > 0 && o.get(1) + o.get(3) > 0, a.toString());
            for (List<Double> p : a.parts().values()) {
                double cx = p.get(0) + p.get(2) / 2;
                double cy = p.get(1) + p.get(3) / 2;
                assertTrue(cx >= o.get(0) && cx <= o.get(0) + o.get(2) && cy >= o.get(1) && cy <= o.get(1) + o.get(3),
                        a.toString());
            }
        }
        float[] again = HostArrays.floats(TestInputs.samples(spec, 1, 7).load(0, 1));
        assertArrayEquals(HostArrays.floats(samples.load(0, 1)), again, "the same seed, the same images");
    }
}
