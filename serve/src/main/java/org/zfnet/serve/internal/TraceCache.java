package org.zfnet.serve.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The forward passes of the last {@code capacity} images asked about, shared by concurrent requests. A request leases
 * an image's pass ({@link #lease}) and closes the lease when done; the first request for an image computes the pass
 * while later ones for the same image wait for it (one forward pass per image), requests for other images do not wait.
 * A pass pushed out by newer ones is closed when its last lease is: at most {@code capacity} passes are kept, plus
 * those still in use by running requests (bounded by {@link RequestGate}).
 *
 * @param <V> what is kept per image
 */
final class TraceCache<V extends AutoCloseable> implements AutoCloseable {

    private final int capacity;
    private final Function<String, V> compute;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** One image's pass, computed once, and how many requests hold it. */
    private static final class Entry<V> {
        final CompletableFuture<V> value = new CompletableFuture<>();
        int leases;
        boolean dropped;
    }

    /** A request's hold on a kept value; closing it lets the cache close a value it has dropped. */
    final class Lease implements AutoCloseable {
        private final Entry<V> entry;
        private final V value;
        private boolean released;

        private Lease(Entry<V> entry, V value) {
            this.entry = entry;
            this.value = value;
        }

        V value() {
            return value;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }

    TraceCache(int capacity, Function<String, V> compute) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.compute = compute;
    }

    /** The value for {@code key}, computed here or by the request that asked first; failures are rethrown as thrown. */
    Lease lease(String key) {
        Entry<V> entry;
        boolean mine = false;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the server is stopping");
            }
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry<>();
                entries.put(key, entry);
                mine = true;
                dropBeyondCapacity();
            }
            entry.leases++;
        }
        if (mine) {
            try {
                entry.value.complete(compute.apply(key));
            } catch (RuntimeException | Error e) {
                entry.value.completeExceptionally(e);
                synchronized (this) {
                    entries.remove(key, entry);
                }
            }
        }
        try {
            return new Lease(entry, entry.value.join());
        } catch (CompletionException e) {
            release(entry);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** How many values are held now, kept or still leased after being dropped (for tests). */
    synchronized int size() {
        return entries.size();
    }

    private void dropBeyondCapacity() {
        Iterator<Map.Entry<String, Entry<V>>> eldest = entries.entrySet().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            Entry<V> e = eldest.next().getValue();
            eldest.remove();
            e.dropped = true;
            if (e.leases == 0) {
                closeQuietly(e);
            }
        }
    }

    private synchronized void release(Entry<V> entry) {
        entry.leases--;
        if (entry.leases == 0 && entry.dropped) {
            closeQuietly(entry);
        }
    }

    private static <V extends AutoCloseable> void closeQuietly(Entry<V> entry) {
        V value = entry.value.getNow(null);
        if (value == null) {
            return;
        }
        try {
            value.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot free a kept forward pass: " + e.getMessage(), e);
        }
    }

    /** Drops every value; those in use are closed when their last lease is. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Entry<V> e : entries.values()) {
            e.dropped = true;
            if (e.leases == 0) {
                closeQuietly(e);
            }
        }
        entries.clear();
    }
}
