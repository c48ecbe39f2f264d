package org.zfnet.cli.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zfnet.api.analysis.Progress;

/**
 * One analysis run of {@code zfnet serve} ({@link ServeRuns}): what was asked, where it stands, and the plugin's
 * progress, which the run reports here in place of the terminal's bar. Thread-safe: the page polls it while the
 * plugin advances it.
 */
final class ServeRun implements Progress {

    /** Where a run stands. */
    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED, EVICTED }

    /** A file of a finished run. */
    record File(String name, long bytes) {
    }

    final String id;
    final PluginEntry plugin;
    final List<Path> inputs;
    final Map<String, String> options;
    final String command;
    final Path folder;

    private State state = State.QUEUED;
    private String message = "";
    private String task = "";
    private long done;
    private long total;
    private Thread worker;
    private boolean cancelled;
    private List<File> files = List.of();

    ServeRun(String id, PluginEntry plugin, List<Path> inputs, Map<String, String> options, String command,
            Path folder) {
        this.id = id;
        this.plugin = plugin;
        this.inputs = List.copyOf(inputs);
        this.options = Map.copyOf(options);
        this.command = command;
        this.folder = folder;
    }

    /** Marks the run started on this thread; false when it was cancelled while queued. */
    synchronized boolean start(Thread thread) {
        if (cancelled) {
            return false;
        }
        state = State.RUNNING;
        worker = thread;
        return true;
    }

    /** The run has ended: no interrupt reaches its worker thread after this. */
    synchronized void end(State ended, String why, List<File> written) {
        worker = null;
        state = cancelled && ended != State.DONE ? State.CANCELLED : ended;
        message = state == State.CANCELLED ? "cancelled; nothing was kept" : why;
        files = List.copyOf(written);
    }

    /** Asks the run to stop: a queued run will not start, a running one is interrupted ({@link PluginThread}). */
    synchronized void cancel() {
        cancelled = true;
        if (state == State.QUEUED) {
            state = State.CANCELLED;
            message = "cancelled before it started";
        } else if (worker != null) {
            worker.interrupt();
        }
    }

    synchronized boolean finished() {
        return state != State.QUEUED && state != State.RUNNING;
    }

    synchronized State state() {
        return state;
    }

    synchronized List<File> files() {
        return files;
    }

    /** Its files removed to make room for newer runs. */
    synchronized void evicted() {
        state = State.EVICTED;
        message = "its files were removed to make room for newer runs";
        files = List.of();
    }

    @Override
    public synchronized void start(String name, long units) {
        task = name;
        total = units;
        done = 0;
    }

    @Override
    public synchronized void advance(long units) {
        done = Math.min(total, done + units);
    }

    /** What {@link org.zfnet.cli.runs.AnalysisRuns#status} answers. */
    synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("plugin", plugin.id());
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", message);
        m.put("task", task);
        m.put("done", done);
        m.put("total", total);
        m.put("command", command);
        // plain maps: the serve bundle's JSON writer cannot reach this bundle's private types
        m.put("files", files.stream().map(f -> Map.of("name", f.name(), "bytes", f.bytes())).toList());
        return m;
    }
}
