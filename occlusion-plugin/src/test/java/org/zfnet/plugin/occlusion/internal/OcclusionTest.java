package org.zfnet.plugin.occlusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSummary;
import org.zfnet.api.model.Network;
import org.zfnet.testkit.TestNetworks;

class OcclusionTest {

    @Test
    void gridHasFloorOfHMinusPOverSPlusOnePositionsPerAxis() {
        Grid zfnet = Grid.of(224, 224, 48, 8);
        assertEquals(23, zfnet.rows());
        assertEquals(529, zfnet.positions());
        Grid odd = Grid.of(63, 50, 10, 7);
        assertEquals(8, odd.rows(), "(63 - 10) / 7 + 1");
        assertEquals(6, odd.cols(), "(50 - 10) / 7 + 1");
        assertEquals(49, odd.top(7 * 6), "row 7 starts at 7 * 7");
        assertEquals(35, odd.left(5));
        assertEquals("patch 300 exceeds input 224x224",
                assertThrows(InvalidInputException.class, () -> Grid.of(224, 224, 300, 8)).getMessage());
        assertThrows(InvalidInputException.class, () -> Grid.of(224, 224, 48, 0));
    }

    @Test
    void incrementalEqualsNaiveOnRandomNetworks() {
        int[][] cases = {{63, 63, 10, 7}, {63, 63, 16, 4}, {63, 63, 5, 3}, {63, 71, 12, 5}, {63, 63, 63, 1}, {71, 79, 20, 9}};
        String[] taps = {"conv1", "pool2", "conv5", "fc7"};
        for (int k = 0; k < cases.length; k++) {
            int[] c = cases[k];
            Network network = TestNetworks.random(TestNetworks.tinyZfnet(c[0], c[1]), 10 + k);
            Nd4j.getRandom().setSeed(k);
            INDArray image = Nd4j.randn(DataType.FLOAT, 1, 3, c[0], c[1]);
            String tap = taps[k % taps.length];
            Setup setup = new Setup(network, image, Grid.of(c[0], c[1], c[2], c[3]), 0.3f, k % 5, network.tapLayer(tap),
                    k % 6, 7, () -> { });
            int[] all = IntStream.range(0, setup.grid().positions()).toArray();
            Maps naive = Maps.of(all.length);
            NaiveOcclusion.run(setup, all, naive, () -> { });
            Maps exact = Maps.of(all.length);
            new IncrementalOcclusion(setup).run(all, exact, () -> { });
            String what = "case " + java.util.Arrays.toString(c) + " tap " + tap;
            assertArrayEquals(naive.probability(), exact.probability(), 2e-6f, what + ": probability");
            for (int p = 0; p < all.length; p++) {
                assertEquals(naive.feature()[p], exact.feature()[p], 1e-4f * (1 + Math.abs(naive.feature()[p])),
                        what + ": feature at " + p);
            }
            assertArrayEquals(naive.topClass(), exact.topClass(), what + ": top class");
            assertArrayEquals(naive.logProbability(), exact.logProbability(), 1e-4, what + ": log probability");
        }
    }

    @Test
    void incrementalDoesFewerMultiplyAddsThanNaive() {
        Network network = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 3);
        Setup setup = new Setup(network, Nd4j.randn(DataType.FLOAT, 1, 3, 63, 63), Grid.of(63, 63, 12, 4), 0f, 0,
                network.tapLayer("conv5"), 0, 16, () -> { });
        IncrementalOcclusion exact = new IncrementalOcclusion(setup);
        exact.run(IntStream.range(0, setup.grid().positions()).toArray(), Maps.of(setup.grid().positions()), () -> { });
        long perForward = TestNetworks.factory().summarize(TestNetworks.tinyZfnet(63, 63)).stream().mapToLong(LayerSummary::macs).sum();
        assertEquals(perForward * setup.grid().positions(), exact.naiveMacs(setup.grid().positions()));
        assertTrue(exact.macs() < exact.naiveMacs(setup.grid().positions()),
                exact.macs() + " vs naive " + exact.naiveMacs(setup.grid().positions()));
    }

    @Test
    void attributionIsTheMeanDropOverTheSquaresCoveringEachPixel() {
        // 3x3 image, 2x2 squares at stride 1: positions (0,0), (0,1), (1,0), (1,1) with drops 0.4, 0.3, 0.2, 0.1
        Grid g = Grid.of(3, 3, 2, 1);
        float[] a = Attribution.of(g, 0.5f, new float[] {0.1f, 0.2f, 0.3f, 0.4f});
        assertArrayEquals(new float[] {
            0.4f, 0.35f, 0.3f,
            0.3f, 0.25f, 0.2f,
            0.2f, 0.15f, 0.1f}, a, 1e-6f);
        // a stride that leaves the last column uncovered: those pixels get 0
        Grid gap = Grid.of(3, 4, 2, 2);
        float[] b = Attribution.of(gap, 1f, new float[] {0.5f, 0.25f});
        assertEquals(0.5f, b[0], 1e-6f);
        assertEquals(0.75f, b[3], 1e-6f);
        assertEquals(0f, b[2 * 4 + 3], 1e-6f, "row 2 is never covered (top corners at 0 only)");
    }

    @Test
    void fastModeReportsItsErrorAgainstExact() {
        Network network = TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 4);
        Setup setup = new Setup(network, Nd4j.randn(DataType.FLOAT, 1, 3, 63, 63), Grid.of(63, 63, 12, 2), 0f, 1,
                network.tapLayer("conv5"), 0, 16, () -> { });
        Maps maps = Maps.of(setup.grid().positions());
        FastOcclusion.Estimate e = FastOcclusion.run(setup, new IncrementalOcclusion(setup), maps, () -> { });
        assertEquals(setup.grid().positions(), e.computed() + e.interpolated());
        assertTrue(e.computed() < setup.grid().positions() / 2 + setup.grid().rows() + setup.grid().cols(), e.toString());
        assertTrue(e.sampled() > 0 && e.maxError() >= e.meanError() && e.maxError() < 0.2, e.toString());
    }
}
