package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.Progress;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.NetworkFactory;

/** What a running analysis gets from the command line: backend, network, progress on stderr, a stop flag. */
final class RunContext implements AnalysisContext {

    private final Session session;
    private final Network network;
    private final ProgressPrinter printer;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Progress progress = new TerminalProgress();

    private final Supplier<Path> checkpoints;

    /** {@code checkpoints}: makes the folder for {@link #checkpoints()} when a plugin asks; null for none. */
    RunContext(Session session, Network network, Supplier<Path> checkpoints) {
        this.session = session;
        this.network = network;
        this.checkpoints = checkpoints;
        this.printer = new ProgressPrinter(session.err);
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
        return session.service(NetworkFactory.class).load(network.spec(), weights, network.backend());
    }

    /** The same progress every call, so that plugins may call {@code context.progress()} each time. */
    @Override
    public Progress progress() {
        return progress;
    }

    /** One task at a time: a bar with counts, rate and ETA, and a closing line when the task is done. */
    private final class TerminalProgress implements Progress {
        private String task = "";
        private long total;
        private long done;
        private long start = System.nanoTime();

        @Override
        public synchronized void start(String name, long units) {
            task = name;
            total = units;
            done = 0;
            start = System.nanoTime();
        }

        @Override
        public synchronized void advance(long units) {
            if (total <= 0) {
                return;
            }
            done += units;
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            printer.show(String.format("%s %s %d/%d, %.1f/s, ETA %s", task, ProgressPrinter.bar(done, total), done,
                    total, rate, ProgressPrinter.duration((total - done) / Math.max(rate, 1e-9))), done >= total);
            if (done >= total) {
                printer.line(String.format("%s: %d done in %s", task, total, ProgressPrinter.duration(seconds)));
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
