package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.model.Network;

/**
 * The networks a long-lived container keeps loaded, shared by the runs that ask for the same one (shell commands, demo
 * sections, a server's requests). A run takes a {@link Lease} and closes it when done; a leased network is never
 * closed. Idle networks stay loaded for the next run, least recently used first out when the parameters of all loaded
 * networks pass the byte budget; what leaves the cache is closed.
 *
 * <p>A network is found by its identity (what it is: spec, weights source, backend) and served only while its version
 * is the same (for a weights file: its size and modification time), so a file changed on disk is read again; the old
 * network is closed as soon as no run holds it. Loads happen one at a time, under the cache's lock, so that two runs
 * asking for the same network load it once.
 */
final class NetworkCache implements AutoCloseable {

    /** One row of {@link #entries()}: a loaded network, its size, the runs holding it and the runs it served. */
    record Row(Network network, long bytes, int leases, long hits, boolean stale) {
    }

    /** What the cache has done since it was made. */
    record Counts(long loads, long hits, long evictions, long bytes, long budget) {
    }

    private final long budget;
    /** Loaded networks; the stale ones wait for their last lease. */
    private final List<Entry> entries = new ArrayList<>();
    private long clock;
    private long loads;
    private long hits;
    private long evictions;
    private boolean closed;

    /** @param budget the parameter bytes idle networks may keep loaded (leased ones may pass it) */
    NetworkCache(long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("a cache budget is at least 0 bytes, got " + budget);
        }
        this.budget = budget;
    }

    /**
     * The network of {@code identity} at {@code version}, loaded with {@code loader} unless the cache holds it; held
     * until the lease is closed. An entry of the same identity at another version is dropped (closed once idle).
     */
    synchronized Lease acquire(Object identity, Object version, Supplier<Network> loader) {
        if (closed) {
            throw new IllegalStateException("the network cache was closed");
        }
        Entry found = null;
        for (Entry e : List.copyOf(entries)) {
            if (!e.stale && e.identity.equals(identity)) {
                if (e.version.equals(version)) {
                    found = e;
                } else {
                    e.stale = true;
                    closeIfIdle(e);
                }
            }
        }
        if (found != null) {
            hits++;
            found.hits++;
        } else {
            found = new Entry(identity, version, Objects.requireNonNull(loader.get(), "the loader returned no network"));
            loads++;
            entries.add(found);
        }
        found.leases++;
        found.used = ++clock;
        evict();
        return new Lease(found);
    }

    /** The loaded networks, most recently used first. */
    synchronized List<Row> entries() {
        return entries.stream().sorted(Comparator.comparingLong((Entry e) -> e.used).reversed())
                .map(e -> new Row(e.network, e.bytes, e.leases, e.hits, e.stale)).toList();
    }

    synchronized Counts counts() {
        return new Counts(loads, hits, evictions, bytes(), budget);
    }

    /** Closes every network, leased or not (the container is stopping); later acquires fail. */
    @Override
    public synchronized void close() {
        closed = true;
        entries.forEach(e -> e.network.close());
        entries.clear();
    }

    private synchronized void release(Entry e) {
        e.leases--;
        if (e.stale) {
            closeIfIdle(e);
        } else {
            evict();
        }
    }

    /** The least recently used idle networks out, until the loaded parameters fit the budget or none is idle. */
    private void evict() {
        while (bytes() > budget) {
            Entry oldest = entries.stream().filter(e -> e.leases == 0).min(Comparator.comparingLong(e -> e.used))
                    .orElse(null);
            if (oldest == null) {
                return;
            }
            evictions++;
            remove(oldest);
        }
    }

    private void closeIfIdle(Entry e) {
        if (e.leases == 0 && entries.contains(e)) {
            remove(e);
        }
    }

    private void remove(Entry e) {
        entries.remove(e);
        e.network.close();
    }

    private long bytes() {
        return entries.stream().mapToLong(e -> e.bytes).sum();
    }

    /** The bytes of a network's parameters. */
    static long bytes(Network network) {
        long bytes = 0;
        for (INDArray p : network.parameters().values()) {
            bytes += p.length() * p.dataType().width();
        }
        return bytes;
    }

    /** A run's hold on a cached network: the network stays open until {@link #close()}; closing again does nothing. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        /** The shared network: the lease holder does not close it. */
        Network network() {
            return entry.network;
        }

        @Override
        public void close() {
            synchronized (NetworkCache.this) {
                if (!released) {
                    released = true;
                    release(entry);
                }
            }
        }
    }

    private static final class Entry {
        final Object identity;
        final Object version;
        final Network network;
        final long bytes;
        int leases;
        long hits;
        long used;
        boolean stale;

        Entry(Object identity, Object version, Network network) {
            this.identity = identity;
            this.version = version;
            this.network = network;
            this.bytes = bytes(network);
        }
    }
}
