package org.zfnet.serve.internal;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many requests of the explorer run at once and how many may wait: {@code workers} run concurrently (each on its
 * own input; the network is shared and read-only), up to {@code queue} more wait their turn, and a request beyond
 * that is refused at once with {@code 503 server busy, N requests queued} (one line), so that a flood of requests
 * neither piles up memory nor makes every tab wait minutes.
 */
final class RequestGate {

    /** The status of a request refused because the queue is full. */
    static final int BUSY = 503;

    private final Semaphore running;
    private final int queue;
    private int waiting;

    RequestGate(int workers, int queue) {
        if (workers < 1 || queue < 0) {
            throw new IllegalArgumentException("workers must be at least 1 and queue at least 0, got " + workers
                    + " and " + queue);
        }
        this.running = new Semaphore(workers, true);
        this.queue = queue;
    }

    /** Runs {@code work} when a worker is free; refuses it with {@link #BUSY} when {@code queue} requests wait. */
    <T> T run(Supplier<T> work) {
        if (!running.tryAcquire()) {
            synchronized (this) {
                if (waiting >= queue) {
                    throw new HttpError(BUSY, "server busy, " + waiting + " requests queued");
                }
                waiting++;
            }
            try {
                running.acquireUninterruptibly();
            } finally {
                synchronized (this) {
                    waiting--;
                }
            }
        }
        try {
            return work.get();
        } finally {
            running.release();
        }
    }

    /** Requests waiting now. */
    synchronized int waiting() {
        return waiting;
    }
}
