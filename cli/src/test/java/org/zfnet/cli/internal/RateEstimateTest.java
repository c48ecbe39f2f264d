package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ETA waits for a stable rate: a slow warm-up must not give "ETA 3h30m" for a 25 s run. */
class RateEstimateTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aSlowFirstUnitAndOneFastSecondGiveNoEstimate() {
        // 1000 units; the first takes 8 s (warm-up), then 40 units a second
        RateEstimate e = new RateEstimate(1000, 0);
        e.record(1, 8 * S);
        assertFalse(e.stable());
        e.record(41, 9 * S);
        assertFalse(e.stable(), "one second measured is not enough");
        e.record(81, 10 * S);
        assertFalse(e.stable(), "two seconds measured are not enough");
    }

    @Test
    void twoAgreeingWindowsAfterThreeSecondsMakeItStable() {
        RateEstimate e = new RateEstimate(100_000, 0);
        e.record(1, 8 * S);
        e.record(41, 9 * S);
        e.record(81, 10 * S);
        e.record(121, 11 * S);
        assertTrue(e.stable(), "windows of 40/s and 40/s after 3 s");
        assertEquals(40.0, e.rate(), 1e-9);
        assertEquals((100_000 - 121) / 40.0, e.secondsLeft(), 1e-9);
    }

    @Test
    void disagreeingWindowsWaitForFivePercentDone() {
        // the rate doubles every second: the windows never agree within 20%
        RateEstimate e = new RateEstimate(1000, 0);
        e.record(1, 0);
        long done = 1;
        for (int second = 1; second <= 5; second++) {
            done += 2L << second;
            e.record(done, second * S);
            boolean expected = second >= 3 && (done - 1) * 100 >= 5 * 1000;
            assertEquals(expected, e.stable(), "after " + second + " s, " + done + " done");
        }
        assertTrue(e.stable(), "5% of the units are done");
    }

    @Test
    void onceStableItStaysStable() {
        RateEstimate e = new RateEstimate(100_000, 0);
        for (int second = 0; second <= 3; second++) {
            e.record(1 + 40L * second, second * S);
        }
        assertTrue(e.stable());
        e.record(400, 4 * S);
        assertTrue(e.stable(), "a window of 279/s after 40/s does not take the estimate back");
    }

    @Test
    void beforeTheFirstUnitTheRateCountsFromTheStart() {
        RateEstimate e = new RateEstimate(10, 0);
        e.record(2, 4 * S);
        assertEquals(0.5, e.rate(), 1e-9);
    }
}
