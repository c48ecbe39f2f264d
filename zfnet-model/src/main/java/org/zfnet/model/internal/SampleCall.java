package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.model.internal.layers.LayerCall;

/**
 * One input of a batch's layer call, as a batch of one: its inputs and what the pass kept (pooling switches) sliced
 * when first asked for; closing frees the slices and whatever the layer keeps now.
 */
final class SampleCall implements LayerCall, AutoCloseable {

    private final LayerCall call;
    private final int sample;
    private final List<INDArray> made = new ArrayList<>();
    private List<INDArray> inputs;
    private INDArray kept;

    SampleCall(LayerCall call, int sample) {
        this.call = call;
        this.sample = sample;
    }

    /** Input {@code sample} of a batch as a batch of one, a new array. */
    static INDArray slice(INDArray batch, int sample) {
        INDArrayIndex[] index = new INDArrayIndex[batch.rank()];
        index[0] = NDArrayIndex.interval(sample, sample + 1);
        for (int i = 1; i < index.length; i++) {
            index[i] = NDArrayIndex.all();
        }
        return batch.get(index).dup('c');
    }

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

    @Override
    public List<INDArray> inputs() {
        if (inputs == null) {
            inputs = new ArrayList<>();
            for (INDArray in : call.inputs()) {
                inputs.add(made(slice(in, sample)));
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

    @Override
    public void keep(INDArray state) {
        kept = made(state);
    }

    @Override
    public INDArray kept() {
        if (kept == null && call.kept() != null) {
            kept = made(slice(call.kept(), sample));
        }
        return kept;
    }

    private INDArray made(INDArray a) {
        made.add(a);
        return a;
    }

    @Override
    public void close() {
        made.forEach(INDArray::close);
    }
}
