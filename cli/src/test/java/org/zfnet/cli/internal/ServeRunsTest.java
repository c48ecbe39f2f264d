package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServeRunsTest {

    @Test
    void nothingIsRemovedWithinTheCap() {
        assertEquals(0, ServeRuns.evicted(new long[] {100, 200, 300}, 600));
        assertEquals(0, ServeRuns.evicted(new long[0], 0));
    }

    @Test
    void theOldestAreRemovedUntilTheRestFit() {
        assertEquals(1, ServeRuns.evicted(new long[] {100, 200, 300}, 599));
        assertEquals(2, ServeRuns.evicted(new long[] {100, 200, 300}, 499));
        assertEquals(1, ServeRuns.evicted(new long[] {400, 10, 10}, 100));
    }

    @Test
    void theNewestStaysWhateverItsSize() {
        assertEquals(2, ServeRuns.evicted(new long[] {100, 200, 5000}, 1000));
        assertEquals(0, ServeRuns.evicted(new long[] {5000}, 1000));
    }
}
