package org.zfnet.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.analysis.AnalysisContext;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;

/**
 * What the container gives a running analysis, for a plugin's tests: the real CPU kernels, a network, and controls
 * the container has no flag for. It cancels on cue ({@link #cancel()} now, {@link #cancelAfter} a number of progress
 * units, {@link #cancelAtTask} when a task begins) so that a test sees the plugin stop; it keeps checkpoints in a
 * folder ({@link #checkpoints(Path)}) so that a test can interrupt a run and resume it; it records every progress
 * task ({@link #progress()}) for assertions; and it reaches the plugins registered with {@link #plugin(AnalysisPlugin)}
 * through {@link #plugin(String)}, as the container reaches those installed.
 *
 * <pre>{@code
 * TestContext context = TestContext.of(TestNetworks.random(TestNetworks.tinyZfnet(63, 63), 1)).cancelAfter(4);
 * new MyPlugin().run(AnalysisRequest.checked(new MyPlugin(), TestInputs.random(context.network().spec(), 8, 2),
 *         Map.of()), context);
 * assertEquals(4, context.progress().units(), "stopped at the first check after 4 units");
 * }</pre>
 *
 * <p>Not thread-safe but for {@link #isCancelled()} and {@link #cancel()}, which a test may call from another thread.
 */
public final class TestContext implements AnalysisContext {

    private final ComputeBackend backend;
    private final Network network;
    private final ProgressLog progress = new ProgressLog();
    private final Map<String, AnalysisPlugin> plugins = new LinkedHashMap<>();
    private volatile boolean cancelled;
    private long cancelAfterUnits = Long.MAX_VALUE;
    private String cancelAtTask;
    private Path checkpoints;

    private TestContext(ComputeBackend backend, Network network) {
        this.backend = backend;
        this.network = network;
    }

    /**
     * A context for {@code network}; {@link #network(Path)} loads the same spec with other weights on the same
     * backend.
     */
    public static TestContext of(Network network) {
        return new TestContext(network.backend(), network);
    }

    /** A context on the real CPU kernels with no network, for analyses of the inputs alone. */
    public static TestContext withoutNetwork() {
        return new TestContext(TestNetworks.cpu(), null);
    }

    /** Asks the run to stop now: {@link #isCancelled()} is true from here on. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Asks the run to stop once it has reported {@code units} units of progress in all (over every task): the
     * plugin's next check of {@link #isCancelled()} after that sees true.
     */
    public TestContext cancelAfter(long units) {
        if (units < 0) {
            throw new InvalidInputException("cannot cancel after " + units + " units of progress");
        }
        cancelAfterUnits = units;
        return this;
    }

    /** Asks the run to stop when a progress task whose name starts with {@code taskPrefix} begins. */
    public TestContext cancelAtTask(String taskPrefix) {
        cancelAtTask = taskPrefix;
        return this;
    }

    /** Keeps checkpoints in {@code folder} (e.g. a JUnit {@code @TempDir}), as the command line does beside --out. */
    public TestContext checkpoints(Path folder) {
        checkpoints = folder;
        return this;
    }

    /** Makes {@code other} reachable as {@code plugin(other.id())}, as if it were installed in the container. */
    public TestContext plugin(AnalysisPlugin other) {
        plugins.put(other.id(), other);
        return this;
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public Network network() {
        if (network == null) {
            throw new ZfnetException("this context has no network (made with TestContext.withoutNetwork())");
        }
        return network;
    }

    @Override
    public Network network(Path weights) {
        return TestNetworks.factory().load(network().spec(), weights, backend);
    }

    /** The progress the plugin reported: every task with its total and the units advanced. */
    @Override
    public ProgressLog progress() {
        return progress;
    }

    @Override
    public boolean isCancelled() {
        if (!cancelled && (progress.units() >= cancelAfterUnits || (cancelAtTask != null
                && progress.tasks().stream().anyMatch(t -> t.name().startsWith(cancelAtTask))))) {
            cancelled = true;
        }
        return cancelled;
    }

    @Override
    public Optional<AnalysisPlugin> plugin(String id) {
        return Optional.ofNullable(plugins.get(id));
    }

    @Override
    public Optional<Path> checkpoints() {
        return Optional.ofNullable(checkpoints);
    }
}
