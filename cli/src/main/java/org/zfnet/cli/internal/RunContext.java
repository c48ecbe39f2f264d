package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;

/**
 * What a running analysis gets from the command line: backend, network, progress on stderr, a stop flag. The context
 * holds the leases of the networks it hands out (the run's, and those with other weights) until {@link #close()}.
 */
final class RunContext implements AnalysisContext, AutoCloseable {

    private final Session session;
    private final NetworkCache.Lease lease;
    private final Network network;
    private final List<NetworkCache.Lease> others = new ArrayList<>();
    private final ProgressPrinter printer;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Progress progress;

    private final Supplier<Path> checkpoints;

    /**
     * @param lease       the run's network, released by {@link #close()}
     * @param checkpoints makes the folder for {@link #checkpoints()} when a plugin asks; null for none
     * @param progress    where the plugin's progress goes; null for a bar on standard error
     */
    RunContext(Session session, NetworkCache.Lease lease, Supplier<Path> checkpoints, Progress progress) {
        this.session = session;
        this.lease = lease;
        this.network = lease.network();
        this.checkpoints = checkpoints;
        this.printer = new ProgressPrinter(session.err);
        this.progress = progress == null ? new TerminalProgress() : progress;
    }

    @Override
    public java.util.Optional<Path> checkpoints() {
        return checkpoints == null ? java.util.Optional.empty() : java.util.Optional.of(checkpoints.get());
    }

    @Override
    public ComputeBackend backend() {
        return network.backend();
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public Network network(Path weights) {
        NetworkCache.Lease other = Models.network(session, network.spec(), weights);
        synchronized (others) {
            others.add(other);
        }
        return other.network();
    }

    /** Releases the networks: the run's own and those with other weights. */
    @Override
    public void close() {
        synchronized (others) {
            others.forEach(NetworkCache.Lease::close);
            others.clear();
        }
        lease.close();
    }

    /** The same progress every call, so that plugins may call {@code context.progress()} each time. */
    @Override
    public Progress progress() {
        return progress;
    }

    /**
     * One task at a time: a bar with counts, rate and ETA, and a closing line when the task is done. The rate is
     * measured from the first unit done on (the first unit carries warm-up: compiling, allocating, caches) and the ETA
     * is shown once a second of that has passed.
     */
    private final class TerminalProgress implements Progress {
        private static final double ESTIMATE_AFTER_SECONDS = 1.0;
        private String task = "";
        private long total;
        private long done;
        private long start = System.nanoTime();
        private long firstAt;
        private long firstDone;

        @Override
        public synchronized void start(String name, long units) {
            task = name;
            total = units;
            done = 0;
            start = System.nanoTime();
            firstAt = 0;
        }

        @Override
        public synchronized void advance(long units) {
            if (total <= 0) {
                return;
            }
            done += units;
            long now = System.nanoTime();
            if (firstAt == 0) {
                firstAt = now;
                firstDone = done;
            }
            double measured = (now - firstAt) / 1e9;
            double rate = (done - firstDone) / Math.max(measured, 1e-9);
            boolean measuring = measured < ESTIMATE_AFTER_SECONDS || done == firstDone;
            String eta = done >= total ? "0s" : measuring ? "estimating" : ProgressPrinter.duration((total - done) / rate);
            String speed = measuring ? String.format("%.1f/s", done / Math.max((now - start) / 1e9, 1e-9))
                    : String.format("%.1f/s", rate);
            printer.show(String.format("%s %s %d/%d, %s, ETA %s", task, ProgressPrinter.bar(done, total), done, total,
                    speed, eta), done >= total);
            if (done >= total) {
                double seconds = (now - start) / 1e9;
                printer.line(String.format("%s: %d done in %s", task, total,
                        seconds < 60 ? String.format("%.1fs", seconds) : ProgressPrinter.duration(seconds)));
                total = 0;
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get() || Thread.currentThread().isInterrupted();
    }

    @Override
    public java.util.Optional<org.zfnet.api.analysis.AnalysisPlugin> plugin(String id) {
        return session.plugins().find(id).map(PluginEntry::plugin);
    }

    void cancel() {
        cancelled.set(true);
    }
}
