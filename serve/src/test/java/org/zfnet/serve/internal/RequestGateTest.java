package org.zfnet.serve.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestGateTest {

    @Test
    void requestsBeyondWorkersWaitAndBeyondTheQueueAreRefused() throws Exception {
        RequestGate gate = new RequestGate(1, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> gate.run(() -> {
            started.countDown();
            await(release);
            return "first";
        }));
        started.await(10, TimeUnit.SECONDS);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> gate.run(() -> "second"));
        CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> gate.run(() -> "third"));
        for (int i = 0; i < 500 && gate.waiting() < 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(2, gate.waiting());
        HttpError busy = assertThrows(HttpError.class, () -> gate.run(() -> "fourth"));
        assertEquals(503, busy.status());
        assertEquals("server busy, 2 requests queued", busy.getMessage());
        release.countDown();
        assertEquals("first", first.get(10, TimeUnit.SECONDS));
        assertEquals("second", second.get(10, TimeUnit.SECONDS));
        assertEquals("third", third.get(10, TimeUnit.SECONDS));
        assertEquals(0, gate.waiting());
        assertEquals("fifth", gate.run(() -> "fifth"), "served again once the queue has room");
    }

    @Test
    void aFailingRequestFreesItsWorker() {
        RequestGate gate = new RequestGate(1, 0);
        assertThrows(HttpError.class, () -> gate.run(() -> {
            throw new HttpError(HttpError.NOT_FOUND, "no image 's99'");
        }));
        assertEquals("next", gate.run(() -> "next"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
