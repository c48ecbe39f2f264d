package org.zfnet.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.cli.runs.AnalysisRuns;

/**
 * The analysis runs of {@code zfnet serve}: each the run of {@code zfnet analyze} ({@link AnalysisRunner}: the one
 * option check, the plugin on its own thread within {@code --timeout}, the result files), on the network of the
 * served model from the container's cache. One run at a time, at most {@link #WAITING} waiting; each run's files in
 * a folder of its own under the server's temporary folder, the oldest finished runs' files removed once all of them
 * pass {@link #CAP_BYTES}.
 */
final class ServeRuns implements AnalysisRuns, AutoCloseable {

    /** Runs that may wait behind the one running; one more is refused (503). */
    static final int WAITING = 8;
    /** The room the runs' files may take before the oldest finished runs' files are removed. */
    static final long CAP_BYTES = 512L * 1024 * 1024;
    /** Runs remembered (their state and files); the oldest finished ones are forgotten past this. */
    static final int REMEMBERED = 200;

    private final Session session;
    private final AnalysisRunner.ModelChoice model;
    private final Timeout timeout;
    private final Path root;
    private final long capBytes;
    private final AtomicLong next = new AtomicLong();
    private final Map<String, ServeRun> runs = new LinkedHashMap<>();
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING), r -> {
                Thread t = new Thread(r, "zfnet-serve-runs");
                t.setDaemon(true);
                return t;
            });

    /**
     * @param root the runs' folder, the server's own: emptied and removed by {@link #close()}
     */
    ServeRuns(Session session, AnalysisRunner.ModelChoice model, Timeout timeout, Path root, long capBytes) {
        this.session = session;
        this.model = model;
        this.timeout = timeout;
        this.root = root;
        this.capBytes = capBytes;
    }

    @Override
    public List<Map<String, Object>> plugins() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PluginEntry p : session.plugins().list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("description", p.description());
            m.put("bundle", p.bundle());
            m.put("version", p.version());
            try {
                m.put("options", p.plugin().options());
            } catch (RuntimeException e) {
                continue; // a plugin that cannot state its options cannot be run; zfnet plugins reports it
            }
            list.add(m);
        }
        return list;
    }

    @Override
    public String submit(String pluginId, List<Path> inputs, Map<String, String> options) {
        PluginEntry plugin = session.plugins().find(pluginId).orElseThrow(() -> new InvalidInputException(
                "no analysis plugin '" + pluginId + "'; the container has " + String.join(", ",
                        session.plugins().list().stream().map(PluginEntry::id).toList())));
        AnalysisRequest.checked(plugin.plugin(), null, options); // refused here, before it waits in the queue
        String id = "r" + next.incrementAndGet();
        Path folder = root.resolve(id);
        ServeRun run = new ServeRun(id, plugin, inputs, options,
                AnalysisRunner.commandLine(plugin, model, inputs, options, Path.of("out", plugin.id())), folder);
        synchronized (runs) {
            try {
                worker.execute(() -> execute(run));
            } catch (RejectedExecutionException e) {
                throw new RejectedExecutionException("the server's run queue is full (one running, " + WAITING
                        + " waiting); try again when a run has finished");
            }
            runs.put(id, run);
            forgetOldest();
        }
        return id;
    }

    private void execute(ServeRun run) {
        if (!run.start(Thread.currentThread())) {
            return;
        }
        try {
            AnalysisRunner.run(session, run.plugin, model, run.inputs, run.options, run.folder, run.command, timeout,
                    run);
            run.end(ServeRun.State.DONE, "", listFiles(run.folder));
        } catch (RuntimeException e) {
            run.end(ServeRun.State.FAILED, CommandLineRunner.oneLine(e.getMessage()), List.of());
        } catch (OutOfMemoryError e) { // writing the result; the plugin's own errors come as exceptions
            run.end(ServeRun.State.FAILED, "writing the result " + PluginThread.outOfMemory(e), List.of());
        } finally {
            Thread.interrupted(); // a cancel's interrupt ends with its run
            if (run.state() != ServeRun.State.DONE) {
                deleteQuietly(run.folder);
                deleteQuietly(run.folder.resolveSibling("." + run.id + ".checkpoints"));
            }
            evict();
        }
    }

    /** The files of a published run, the marker of zfnet's outputs aside. */
    private static List<ServeRun.File> listFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(Outputs.MARKER))
                    .sorted().map(f -> new ServeRun.File(f.getFileName().toString(), size(f))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Removes the oldest finished runs' files while all runs' files take more than the cap (the newest stays). */
    private void evict() {
        synchronized (runs) {
            List<ServeRun> done = runs.values().stream().filter(r -> r.state() == ServeRun.State.DONE).toList();
            long[] bytes = done.stream().mapToLong(r -> r.files().stream().mapToLong(ServeRun.File::bytes).sum())
                    .toArray();
            for (ServeRun old : done.subList(0, evicted(bytes, capBytes))) {
                old.evicted();
                deleteQuietly(old.folder);
            }
        }
    }

    /**
     * How many of the oldest runs (their sizes oldest first) to remove so that the rest take at most {@code cap};
     * never the newest, whatever its size.
     */
    static int evicted(long[] bytes, long cap) {
        long used = java.util.Arrays.stream(bytes).sum();
        int n = 0;
        while (n < bytes.length - 1 && used > cap) {
            used -= bytes[n++];
        }
        return n;
    }

    private void forgetOldest() {
        var it = runs.values().iterator();
        while (runs.size() > REMEMBERED && it.hasNext()) {
            ServeRun r = it.next();
            if (r.finished()) {
                deleteQuietly(r.folder);
                it.remove();
            }
        }
    }

    @Override
    public Optional<Map<String, Object>> status(String run) {
        return find(run).map(ServeRun::status);
    }

    @Override
    public List<Map<String, Object>> runs() {
        synchronized (runs) {
            return runs.values().stream().map(ServeRun::status).toList();
        }
    }

    @Override
    public boolean cancel(String run) {
        Optional<ServeRun> r = find(run);
        r.ifPresent(ServeRun::cancel);
        return r.isPresent();
    }

    @Override
    public Optional<Path> file(String run, String name) {
        return find(run).filter(r -> r.files().stream().anyMatch(f -> f.name().equals(name)))
                .map(r -> r.folder.resolve(name));
    }

    private Optional<ServeRun> find(String run) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(run));
        }
    }

    /** Cancels what runs and waits, removes every run's files and the folder. */
    @Override
    public void close() {
        synchronized (runs) {
            runs.values().forEach(ServeRun::cancel);
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(PluginThread.GRACE_MS * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(root);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Outputs.deleteTree(path);
        } catch (IOException ignored) {
            // in the server's temporary folder; the next eviction or close tries again
        }
    }
}
