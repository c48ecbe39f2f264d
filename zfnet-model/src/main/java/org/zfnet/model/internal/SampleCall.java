package org.zfnet.model.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.model.internal.layers.DerivedCall;
import org.zfnet.model.internal.layers.LayerCall;

/**
 * One input of a batch's layer call, as a batch of one: its inputs and what the pass kept (pooling switches) sliced
 * when first asked for; closing frees the slices and whatever the layer keeps now.
 */
final class SampleCall extends DerivedCall {

    private final int sample;
    private INDArray kept;

    SampleCall(LayerCall call, int sample) {
        super(call);
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
    protected INDArray derive(INDArray input) {
        return slice(input, sample);
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
}
