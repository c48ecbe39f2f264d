package org.zfnet.serve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TraceCacheTest {

    /** A kept value that knows whether it was closed. */
    static final class Value implements AutoCloseable {
        final String key;
        volatile boolean closed;

        Value(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void concurrentRequestsForOneImageComputeItOnce() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch slow = new CountDownLatch(1);
        TraceCache<Value> cache = new TraceCache<>(2, k -> {
            computed.incrementAndGet();
            await(slow);
            return new Value(k);
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Value>> got = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            got.add(pool.submit(() -> {
                try (TraceCache<Value>.Lease l = cache.lease("a")) {
                    return l.value();
                }
            }));
        }
        Thread.sleep(200);
        slow.countDown();
        Value first = got.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Value> f : got) {
            assertSame(first, f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, computed.get());
        assertFalse(first.closed, "kept for the next request");
        pool.shutdownNow();
    }

    @Test
    void aDroppedValueIsClosedWhenItsLastLeaseIs() {
        TraceCache<Value> cache = new TraceCache<>(2, Value::new);
        TraceCache<Value>.Lease a = cache.lease("a");
        cache.lease("b").close();
        cache.lease("c").close();
        assertEquals(2, cache.size(), "b and c kept, a dropped");
        assertFalse(a.value().closed, "a is still in use");
        a.close();
        assertTrue(a.value().closed);
        TraceCache<Value>.Lease b = cache.lease("b");
        cache.lease("d").close();
        cache.lease("e").close();
        assertFalse(b.value().closed);
        b.close();
        b.close();
        assertTrue(b.value().closed, "closed once its lease is, however often that is closed");
    }

    @Test
    void aFailureReachesEveryWaiterAndIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        TraceCache<Value> cache = new TraceCache<>(2, k -> {
            if (calls.incrementAndGet() == 1) {
                throw new HttpError(HttpError.NOT_FOUND, "no image '" + k + "'");
            }
            return new Value(k);
        });
        HttpError e = assertThrows(HttpError.class, () -> cache.lease("x"));
        assertEquals(404, e.status());
        assertEquals(0, cache.size());
        try (TraceCache<Value>.Lease l = cache.lease("x")) {
            assertEquals("x", l.value().key);
        }
    }

    @Test
    void closingTheCacheClosesWhatIsNotInUse() {
        TraceCache<Value> cache = new TraceCache<>(4, Value::new);
        TraceCache<Value>.Lease held = cache.lease("a");
        Value idle;
        try (TraceCache<Value>.Lease l = cache.lease("b")) {
            idle = l.value();
        }
        cache.close();
        assertTrue(idle.closed);
        assertFalse(held.value().closed);
        held.close();
        assertTrue(held.value().closed);
        assertThrows(IllegalStateException.class, () -> cache.lease("a"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
