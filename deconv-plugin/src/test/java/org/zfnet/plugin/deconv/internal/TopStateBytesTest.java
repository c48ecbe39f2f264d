package org.zfnet.plugin.deconv.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestInputs;
import org.zfnet.testkit.TestNetworks;

/** A top-k state survives its bytes unchanged; bytes it did not write are refused. */
class TopStateBytesTest {

    private final TopMining work = new TopMining("conv2", "0-3", 2, 3, ProjectionRule.DECONVNET, false);

    /** A state as a cluster has it before finishing: hits of a real network, and their details. */
    private TopState withDetails() {
        Network network = TestNetworks.random(DeconvnetTest.TINY, 9);
        InputSet inputs = TestInputs.random(DeconvnetTest.TINY, 5, 3);
        TestContext context = TestContext.of(network);
        TopState mined = work.shard(inputs, context);
        List<Integer> revisit = java.util.stream.IntStream.range(0, 5)
                .filter(i -> work.revisit(mined).contains(inputs.name(i))).boxed().toList();
        return work.merge(mined, work.details(mined, inputs.select(revisit), context));
    }

    @Test
    void aStateReadBackFromItsBytesIsTheSame() {
        TopState state = withDetails();
        assertTrue(!state.details().isEmpty() && !state.hits().isEmpty(), "a state with hits and details");
        byte[] bytes = work.write(state);
        TopState back = work.read(bytes);
        assertEquals(state, back);
        assertArrayEquals(bytes, work.write(back), "equal states, equal bytes");
        TopState empty = new TopState(0, 0, new TreeMap<>(), Map.of());
        assertEquals(empty, work.read(work.write(empty)));
        TopState odd = TopMergeTest.state(List.of(new Hit("file:///data/ä b.png", 3, Float.MIN_VALUE, 0, 7)), 12);
        assertEquals(odd, work.read(work.write(odd)));
    }

    @Test
    void bytesItDidNotWriteAreRefused() {
        byte[] good = work.write(withDetails());
        assertThrows(IllegalArgumentException.class, () -> work.read(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> work.read("not a state".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> work.read(Arrays.copyOf(good, good.length - 1)),
                "cut short");
        assertThrows(IllegalArgumentException.class, () -> work.read(Arrays.copyOf(good, good.length + 1)),
                "followed by more");
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            assertThrows(IllegalArgumentException.class, () -> work.read(garbage));
        }
        byte[] hugeCount = Arrays.copyOf(good, good.length);
        hugeCount[16] = 0x7f; // the hit count, past the format, the channels and the inputs
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> work.read(hugeCount));
        assertTrue(e.getMessage().contains("hits"), e.getMessage());
        assertNotEquals(0, good.length);
    }
}
