package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.model.internal.layers.LayerCall;
import org.zfnet.model.internal.layers.Conv;
import org.zfnet.model.internal.layers.MaxPool;

/**
 * Every layer's output of one forward pass, and what layers kept for their backward (pooling switches, dropout
 * masks); closing frees what the pass allocated.
 */
final class Trace implements ForwardTrace {

    private final GraphNetwork network;
    private final INDArray input;
    private final boolean training;
    private final long seed;
    private final boolean switches;
    private final boolean fold;
    private final List<INDArray> outputs = new ArrayList<>();
    private final List<INDArray> kept = new ArrayList<>();
    private boolean closed;

    /**
     * @param training a training pass (dropout active, seeded per layer from {@code seed})
     * @param switches max pooling layers find their switches during the pass
     */
    /**
     * @param training a training pass (dropout active, seeded per layer from {@code seed})
     * @param switches max pooling layers find their switches during the pass
     * @param fold     batch normalisations run folded into the convolution before them ({@link BatchNormFolding})
     */
    Trace(GraphNetwork network, INDArray input, boolean training, long seed, boolean switches, boolean fold) {
        this.network = network;
        this.input = input;
        this.training = training;
        this.seed = seed;
        this.switches = switches;
        this.fold = fold;
    }

    /**
     * Computes the next layer and keeps its output. A convolution folded into the normalisation after it is left for
     * later ({@link #output} computes it if asked), and the normalisation runs as the folded convolution.
     */
    void computeNext() {
        int index = outputs.size();
        kept.add(null);
        if (fold && network.folded(index)) {
            outputs.add(null);
            return;
        }
        BatchNormFolding.Fold f = fold ? network.foldAt(index) : null;
        outputs.add(f == null ? network.compiled().type(index).forward(call(index))
                : network.backend().conv2d(collectInputs(f.conv()).get(0), f.weight(), f.bias(),
                        Conv.geometry(network.spec().layers().get(f.conv()))));
    }

    /** Layer {@code index} of this pass, as its type's kernels see it. */
    LayerCall call(int index) {
        return new Call(index);
    }

    private final class Call implements LayerCall {
        private final int index;

        Call(int index) {
            this.index = index;
        }

        @Override
        public ComputeBackend backend() {
            return network.backend();
        }

        @Override
        public LayerSpec layer() {
            return network.spec().layers().get(index);
        }

        @Override
        public INDArray parameter(String suffix) {
            return network.parameters().get(layer().name() + "." + suffix);
        }

        @Override
        public List<INDArray> inputs() {
            return collectInputs(index);
        }

        @Override
        public boolean training() {
            return training;
        }

        @Override
        public long seed() {
            return seed * 31 + index;
        }

        @Override
        public boolean ownsInput() {
            return network.compiled().inPlace[index];
        }

        @Override
        public boolean switchesWanted() {
            return switches;
        }

        @Override
        public void keep(INDArray state) {
            synchronized (Trace.this) {
                kept.set(index, state);
            }
        }

        @Override
        public INDArray kept() {
            synchronized (Trace.this) {
                return kept.get(index);
            }
        }
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public INDArray input() {
        return input;
    }

    @Override
    public synchronized INDArray output(int index) {
        check(index);
        INDArray y = outputs.get(index);
        if (y == null) {
            y = network.compiled().type(index).forward(call(index));
            outputs.set(index, y);
        }
        return y;
    }

    /** Whether {@code a} is one of the arrays this pass computed (without computing a deferred one). */
    synchronized boolean holds(INDArray a) {
        return a == input || outputs.stream().anyMatch(o -> o == a);
    }

    /** The first input of layer {@code index}: for a chain, the previous layer's output or the network's input. */
    @Override
    public INDArray inputOf(int index) {
        return inputsOf(index).get(0);
    }

    @Override
    public List<INDArray> inputsOf(int index) {
        check(index);
        return collectInputs(index);
    }

    /** The arrays layer {@code index} takes (computed before it: a layer comes after its inputs). */
    private List<INDArray> collectInputs(int index) {
        List<INDArray> in = new ArrayList<>();
        for (int k : network.compiled().inputs.get(index)) {
            in.add(k == CompiledSpec.NETWORK_INPUT ? input : output(k));
        }
        return in;
    }

    /** The switches are found on the first request, from the layer's input (the forward pass kept the values only). */
    @Override
    public synchronized Pooled pooling(int index) {
        check(index);
        LayerSpec layer = network.spec().layers().get(index);
        if (!(network.compiled().type(index) instanceof MaxPool)) {
            throw new InvalidInputException(CompiledSpec.where(index, layer) + " is not a max pooling layer");
        }
        return new Pooled(outputs.get(index), MaxPool.switches(call(index)));
    }

    private void check(int index) {
        if (closed) {
            throw new IllegalStateException("the forward trace was closed");
        }
        int layers = network.spec().layers().size();
        if (index < 0 || index >= layers) {
            throw new InvalidInputException("layer " + index + " does not exist (the network has " + layers + " layers)");
        }
        if (index >= outputs.size()) {
            throw new InvalidInputException(CompiledSpec.where(index, network.spec().layers().get(index))
                    + " was not computed: this forward pass stopped at layer " + (outputs.size() - 1));
        }
    }

    /** Closes each array the pass allocated once: not the caller's input, not views (reshapes, dropout). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<INDArray> owned = new ArrayList<>(outputs);
        owned.addAll(kept);
        HostArrays.closeAll(owned, input);
    }
}
