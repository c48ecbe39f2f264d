package org.zfnet.plugin.stats.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The state alone, without a network: the pairwise merge against one pass over all values, and the bytes. */
class StatsStateTest {

    /** {@code inputs x channels x positions} values, a quarter of them negative, spread over a few magnitudes. */
    private static float[] values(int inputs, int channels, int positions, long seed) {
        Random random = new Random(seed);
        float[] v = new float[inputs * channels * positions];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() - 0.25) * Math.pow(10, random.nextInt(3)));
        }
        return v;
    }

    @Test
    void mergingTwoBatchesEqualsOnePassOverBoth() {
        int channels = 4;
        int positions = 5;
        float[] first = values(3, channels, positions, 1);
        float[] second = values(2, channels, positions, 2);
        float[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        TapStats merged = TapStats.of(first, 3, channels, positions).merge(TapStats.of(second, 2, channels, positions),
                "t");
        TapStats once = TapStats.of(both, 5, channels, positions);
        assertEquals(5, merged.inputs);
        assertEquals(25, merged.count);
        assertArrayEquals(once.min, merged.min, 0f);
        assertArrayEquals(once.max, merged.max, 0f);
        assertArrayEquals(once.active, merged.active);
        for (int c = 0; c < channels; c++) {
            assertEquals(once.mean[c], merged.mean[c], 1e-12 * Math.abs(once.mean[c]) + 1e-15, "mean of " + c);
            assertEquals(once.m2[c], merged.m2[c], 1e-12 * once.m2[c], "m2 of " + c);
            assertEquals(once.sumOfMaxima[c], merged.sumOfMaxima[c], 1e-12 * Math.abs(once.sumOfMaxima[c]));
        }
    }

    @Test
    void mergeIsCommutativeToTheBit() {
        TapStats a = TapStats.of(values(3, 2, 7, 3), 3, 2, 7);
        TapStats b = TapStats.of(values(4, 2, 7, 4), 4, 2, 7);
        TapStats ab = a.merge(b, "t");
        TapStats ba = b.merge(a, "t");
        assertArrayEquals(ab.mean, ba.mean, 0);
        assertArrayEquals(ab.m2, ba.m2, 0);
        assertArrayEquals(ab.sumOfMaxima, ba.sumOfMaxima, 0);
    }

    @Test
    void theEmptyStateIsTheIdentity() {
        StatsState s = new StatsState(Map.of("conv1", TapStats.of(values(2, 3, 4, 5), 2, 3, 4)));
        assertSame(s, s.merge(StatsState.EMPTY));
        assertSame(s, StatsState.EMPTY.merge(s));
    }

    @Test
    void statesOfOtherTapsOrWidthsDoNotMerge() {
        StatsState conv1 = new StatsState(Map.of("conv1", TapStats.of(values(1, 3, 4, 6), 1, 3, 4)));
        StatsState conv2 = new StatsState(Map.of("conv2", TapStats.of(values(1, 3, 4, 6), 1, 3, 4)));
        StatsState wider = new StatsState(Map.of("conv1", TapStats.of(values(1, 5, 4, 6), 1, 5, 4)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conv1.merge(conv2)).getMessage()
                .contains("[conv1] with those of [conv2]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> conv1.merge(wider)).getMessage()
                .contains("conv1 with 3 and 5 channels"));
    }

    @Test
    void writtenStateReadsBackToTheBit() {
        java.util.LinkedHashMap<String, TapStats> taps = new java.util.LinkedHashMap<>();
        taps.put("conv1", TapStats.of(values(2, 3, 4, 7), 2, 3, 4));
        taps.put("/features/conv.2", TapStats.of(values(2, 6, 1, 8), 2, 6, 1));
        StatsState state = new StatsState(taps);
        StatsState read = StatsState.read(state.write());
        assertEquals(java.util.List.copyOf(taps.keySet()), java.util.List.copyOf(read.taps().keySet()));
        for (String tap : taps.keySet()) {
            TapStats a = state.taps().get(tap);
            TapStats b = read.taps().get(tap);
            assertEquals(a.inputs, b.inputs);
            assertEquals(a.count, b.count);
            assertArrayEquals(a.mean, b.mean, 0);
            assertArrayEquals(a.m2, b.m2, 0);
            assertArrayEquals(a.min, b.min, 0f);
            assertArrayEquals(a.max, b.max, 0f);
            assertArrayEquals(a.active, b.active);
            assertArrayEquals(a.sumOfMaxima, b.sumOfMaxima, 0);
        }
        assertEquals(0, StatsState.read(StatsState.EMPTY.write()).taps().size());
    }

    @Test
    void bytesItDidNotWriteAreRefused() {
        byte[] good = new StatsState(Map.of("conv1", TapStats.of(values(2, 3, 4, 9), 2, 3, 4))).write();
        byte[] otherVersion = good.clone();
        ByteBuffer.wrap(otherVersion).putInt(4, 2);
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        byte[] hugeWidth = good.clone();
        ByteBuffer.wrap(hugeWidth).putInt(12 + 2 + "conv1".length(), Integer.MAX_VALUE);
        Map<String, byte[]> foreign = Map.of("nothing", new byte[0], "text", "hello, world".getBytes(),
                "other version", otherVersion, "cut short", Arrays.copyOf(good, good.length - 3),
                "trailing bytes", longer, "a width the bytes cannot hold", hugeWidth);
        foreign.forEach((what, bytes) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsState.read(bytes), what);
            assertTrue(e.getMessage().contains("state of the stats plugin"), what + ": " + e.getMessage());
        });
    }
}
