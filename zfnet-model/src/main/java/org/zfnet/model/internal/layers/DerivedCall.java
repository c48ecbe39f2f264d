package org.zfnet.model.internal.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;

/**
 * A layer call of a trace seen differently (one sample of the batch, a window of its planes): the same backend, layer
 * and parameters, inputs derived from the trace's when first asked for, and nothing owned or kept beyond the walk.
 * Closing frees the derived arrays.
 */
public abstract class DerivedCall implements LayerCall, AutoCloseable {

    /** The trace's call this one is derived from. */
    protected final LayerCall call;
    private final List<INDArray> made = new ArrayList<>();
    private List<INDArray> inputs;

    protected DerivedCall(LayerCall call) {
        this.call = call;
    }

    /** The array this call shows for one of the trace's inputs (a new array, freed on close). */
    protected abstract INDArray derive(INDArray input);

    @Override
    public ComputeBackend backend() {
        return call.backend();
    }

    @Override
    public LayerSpec layer() {
        return call.layer();
    }

    @Override
    public INDArray parameter(String suffix) {
        return call.parameter(suffix);
    }

    /** Derived when first asked for (the deconvnet's rectifier never reads its input). */
    @Override
    public List<INDArray> inputs() {
        if (inputs == null) {
            inputs = new ArrayList<>();
            for (INDArray in : call.inputs()) {
                inputs.add(made(derive(in)));
            }
        }
        return inputs;
    }

    @Override
    public boolean training() {
        return call.training();
    }

    @Override
    public long seed() {
        return call.seed();
    }

    @Override
    public boolean ownsInput() {
        return false;
    }

    @Override
    public boolean switchesWanted() {
        return false;
    }

    /** Keeps {@code a} to be freed on close. */
    protected INDArray made(INDArray a) {
        made.add(a);
        return a;
    }

    @Override
    public void close() {
        made.forEach(INDArray::close);
    }
}
