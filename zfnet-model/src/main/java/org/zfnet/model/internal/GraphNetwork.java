package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Activation;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;
import org.zfnet.api.model.PartialForward;

/**
 * A network as its spec describes it: a directed acyclic graph of layers (a chain when no layer names its
 * {@code inputs}), each computed by its type's definition on the {@link ComputeBackend}. Inference: dropout is the
 * identity. {@link #close()} frees the parameters and the folded batch normalisations.
 */
public final class GraphNetwork implements Network {

    private final CompiledSpec compiled;
    private final Map<String, INDArray> parameters;
    private final ComputeBackend backend;
    private final String weightsSource;
    private final PartialForward partial;
    /** Batch normalisations computed with the convolution before them, by the normalisation's index. */
    private final Map<Integer, BatchNormFolding.Fold> folds;
    private volatile boolean closed;

    /**
     * @param parameters by PyTorch name, already checked against the spec ({@link Weights#check})
     */
    GraphNetwork(CompiledSpec compiled, Map<String, INDArray> parameters, ComputeBackend backend,
            String weightsSource) {
        this.compiled = compiled;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.backend = backend;
        this.weightsSource = weightsSource;
        this.partial = new GraphPartialForward(compiled, this.parameters, backend);
        this.folds = BatchNormFolding.of(compiled, this.parameters);
    }

    /** The fold that computes layer {@code norm}, or null. */
    BatchNormFolding.Fold foldAt(int norm) {
        return folds.get(norm);
    }

    /** Whether layer {@code conv}'s output is folded into the normalisation after it (computed only on request). */
    boolean folded(int conv) {
        return folds.values().stream().anyMatch(f -> f.conv() == conv);
    }

    CompiledSpec compiled() {
        return compiled;
    }

    @Override
    public ModelSpec spec() {
        return compiled.spec;
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public List<String> taps() {
        return List.copyOf(compiled.taps.keySet());
    }

    @Override
    public int tapLayer(String tap) {
        Integer index = compiled.tapIndex(tap);
        if (index == null) {
            throw new InvalidInputException("unknown tap '" + tap + "' (model " + spec().name() + " has "
                    + String.join(" ", compiled.taps.keySet()) + ")");
        }
        return index;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return parameters;
    }

    @Override
    public String weightsSource() {
        return weightsSource;
    }

    @Override
    public PartialForward partialForward() {
        return partial;
    }

    @Override
    public ForwardTrace forward(INDArray input) {
        return forward(input, spec().layers().size() - 1, false);
    }

    @Override
    public ForwardTrace forward(INDArray input, String tap) {
        return forward(input, tapLayer(tap), false);
    }

    @Override
    public ForwardTrace forward(INDArray input, String tap, boolean switches) {
        return forward(input, tapLayer(tap), switches);
    }

    private ForwardTrace forward(INDArray input, int last, boolean switches) {
        return run(input, last, false, 0, switches);
    }

    /**
     * The layers up to {@code last} on {@code input}; a training pass has dropout active (seeded from {@code seed})
     * and keeps what backward needs.
     */
    Trace run(INDArray input, int last, boolean training, long seed, boolean switches) {
        checkOpen();
        checkInput(input);
        Trace trace = new Trace(this, input, training, seed, switches || training, !training);
        try {
            for (int i = 0; i <= last; i++) {
                trace.computeNext();
            }
            return trace;
        } catch (RuntimeException e) {
            trace.close();
            throw e;
        }
    }

    @Override
    public boolean windowed(String tap) {
        return ReceptiveFields.windowed(compiled, tapLayer(tap));
    }

    @Override
    public INDArray project(ForwardTrace trace, String tap, INDArray signal, ProjectionRule rule, boolean lrnGradient) {
        return Projections.project(own(trace), compiled, tapLayer(tap), tap, signal, rule, lrnGradient);
    }

    @Override
    public INDArray project(ForwardTrace trace, int sample, String tap, INDArray signal, ProjectionRule rule,
            boolean lrnGradient) {
        return Projections.project(own(trace), compiled, sample, tapLayer(tap), tap, signal, rule, lrnGradient);
    }

    @Override
    public INDArray projectActivations(ForwardTrace trace, String tap, List<Activation> activations,
            ProjectionRule rule, boolean lrnGradient) {
        if (!windowed(tap)) {
            throw new InvalidInputException("single activations are walked from feature maps; tap '" + tap
                    + "' lies above a layer that reads its whole input");
        }
        if (activations.isEmpty()) {
            throw new InvalidInputException("no activation to project from tap " + tap);
        }
        return Projections.projectActivations(own(trace), compiled, tapLayer(tap), tap, activations, rule,
                lrnGradient);
    }

    @Override
    public Region receptiveField(String tap, Region box) {
        return ReceptiveFields.of(compiled, tapLayer(tap), tap, box);
    }

    /** The trace as this network's own. */
    private Trace own(ForwardTrace trace) {
        checkOpen();
        if (!(trace instanceof Trace t) || t.network() != this) {
            throw new InvalidInputException("the trace is not a forward pass of model " + spec().name()
                    + " with these weights");
        }
        return t;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<INDArray> owned = new ArrayList<>(parameters.values());
        for (BatchNormFolding.Fold fold : folds.values()) {
            owned.add(fold.weight());
            owned.add(fold.bias());
        }
        HostArrays.closeAll(owned);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("network " + spec().name() + " (" + weightsSource + ") was closed");
        }
    }

    private void checkInput(INDArray input) {
        long[] expected = compiled.spec.input().stream().mapToLong(Integer::longValue).toArray();
        if (input == null || input.rank() != 4 || input.dataType() != DataType.FLOAT
                || !Arrays.equals(Arrays.copyOfRange(input.shape(), 1, 4), expected)) {
            throw new InvalidInputException("model " + spec().name() + " takes float32 [N, " + expected[0] + ", "
                    + expected[1] + ", " + expected[2] + "], got "
                    + (input == null ? "nothing" : input.dataType() + " " + Arrays.toString(input.shape())));
        }
    }
}
