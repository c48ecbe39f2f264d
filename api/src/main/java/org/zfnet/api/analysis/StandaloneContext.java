package org.zfnet.api.analysis;

import java.nio.file.Path;
import java.util.function.Function;
import org.zfnet.api.ZfnetException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.model.Network;

/**
 * An {@link AnalysisContext} outside the container, for benchmarks and tools: a backend, optionally a network (and a
 * way to load it with other weights), no progress display, never cancelled. The networks stay the caller's: the plugin
 * does not close them (as in the container), so the caller closes them when done. A plugin's tests use the plugin test
 * kit's context instead ({@code org.zfnet.testkit.TestContext} in {@code zfnet-plugin-testkit}), which also cancels on
 * cue, keeps checkpoints, records progress and reaches other plugins.
 */
public final class StandaloneContext implements AnalysisContext {

    private final ComputeBackend backend;
    private final Network network;
    private final Function<Path, Network> withWeights;

    private StandaloneContext(ComputeBackend backend, Network network, Function<Path, Network> withWeights) {
        this.backend = backend;
        this.network = network;
        this.withWeights = withWeights;
    }

    /** A context with a backend and no network, for analyses of the inputs alone. */
    public static StandaloneContext of(ComputeBackend backend) {
        return new StandaloneContext(backend, null, null);
    }

    /** A context for a network; {@code withWeights} loads the same network with other weights (may be null). */
    public static StandaloneContext of(Network network, Function<Path, Network> withWeights) {
        return new StandaloneContext(network.backend(), network, withWeights);
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public Network network() {
        if (network == null) {
            throw new ZfnetException("this context has no network");
        }
        return network;
    }

    @Override
    public Network network(Path weights) {
        if (withWeights == null) {
            throw new ZfnetException("this context cannot load other weights");
        }
        return withWeights.apply(weights);
    }

    @Override
    public Progress progress() {
        return Progress.NONE;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
