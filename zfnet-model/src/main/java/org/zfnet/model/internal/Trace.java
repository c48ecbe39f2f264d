package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;

/** Every layer's output of one forward pass and the pooling switches; closing frees what the pass allocated. */
final class Trace implements ForwardTrace {

    private final SequentialNetwork network;
    private final INDArray input;
    private final List<INDArray> outputs = new ArrayList<>();
    private final List<Pooled> pools = new ArrayList<>();
    private boolean closed;

    Trace(SequentialNetwork network, INDArray input) {
        this.network = network;
        this.input = input;
    }

    /** Keeps the switches of pooling layer {@code index} (added next) and returns its output. */
    INDArray pooled(int index, Pooled pooled) {
        if (pools.size() != index) {
            throw new IllegalStateException("pooling layer " + index + " is not the next layer " + pools.size());
        }
        pools.add(pooled);
        return pooled.output();
    }

    void add(INDArray output) {
        outputs.add(output);
        if (pools.size() < outputs.size()) {
            pools.add(null);
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
    public INDArray output(int index) {
        check(index);
        return outputs.get(index);
    }

    /** The switches are found on the first request, from the layer's input (the forward pass kept the values only). */
    @Override
    public synchronized Pooled pooling(int index) {
        check(index);
        LayerSpec layer = network.spec().layers().get(index);
        if (!layer.type().equals("maxpool")) {
            throw new InvalidInputException(CompiledSpec.where(index, layer) + " is not a pooling layer");
        }
        Pooled p = pools.get(index);
        if (p == null) {
            Pooled found = network.backend().maxPool(inputOf(index), SequentialNetwork.poolGeometry(layer));
            found.output().close();
            p = new Pooled(outputs.get(index), found.switches());
            pools.set(index, p);
        }
        return p;
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
        Set<INDArray> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.add(input);
        for (int i = 0; i < outputs.size(); i++) {
            free(outputs.get(i), done);
            if (pools.get(i) != null) {
                free(pools.get(i).switches(), done);
            }
        }
    }

    private static void free(INDArray a, Set<INDArray> done) {
        if (a != null && done.add(a) && !a.isView() && a.closeable()) {
            a.close();
        }
    }
}
