package org.zfnet.model.internal.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A layer call of a trace seen through a window: its inputs cropped to the window's box, per row's sample. */
final class CroppedCall extends DerivedCall {

    private final int[] samples;
    private final Window box;

    CroppedCall(LayerCall call, int[] samples, Window box) {
        super(call);
        this.samples = samples;
        this.box = box;
    }

    @Override
    protected INDArray derive(INDArray input) {
        return box.crop(input, samples);
    }

    @Override
    public void keep(INDArray state) {
        throw new IllegalStateException(layer().type() + " keeps no state in a windowed walk");
    }

    /** Only stateless layers pass a window this way (dropout keeps no mask in inference). */
    @Override
    public INDArray kept() {
        if (call.kept() != null) {
            throw new IllegalStateException(layer().type() + ": a windowed walk cannot crop what the pass kept");
        }
        return null;
    }
}
