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

    /** One task at a time: a bar with counts, rate and ETA (see {@link RateEstimate}), and a closing line when done. */
    private final class TerminalProgress implements Progress {
        private String task = "";
        private long total;
        private long done;
        private long start = System.nanoTime();
        private RateEstimate estimate;

        @Override
        public synchronized void start(String name, long units) {
            task = name;
            total = units;
            done = 0;
            start = System.nanoTime();
            estimate = new RateEstimate(units, start);
        }

        @Override
        public synchronized void advance(long units) {
            if (total <= 0) {
                return;
            }
            done += units;
            long now = System.nanoTime();
            estimate.record(done, now);
            String eta = done >= total ? "0s" : estimate.stable() ? ProgressPrinter.duration(estimate.secondsLeft())
                    : "estimating";
            printer.show(String.format("%s %s %d/%d, %.1f/s, ETA %s", task, ProgressPrinter.bar(done, total), done,
                    total, estimate.rate(), eta), done >= total);
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
