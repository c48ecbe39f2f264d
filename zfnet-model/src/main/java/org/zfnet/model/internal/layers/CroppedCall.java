package org.zfnet.model.internal.layers;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;

/** A layer call of a trace seen through a window: its inputs cropped to the window's box, per row's sample. */
final class CroppedCall implements LayerCall, AutoCloseable {

    private final LayerCall call;
    private final int[] samples;
    private final Window box;
    private List<INDArray> inputs;

    CroppedCall(LayerCall call, int[] samples, Window box) {
        this.call = call;
        this.samples = samples;
        this.box = box;
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

    /** Cropped when first asked for (the deconvnet's rectifier never reads its input). */
    @Override
    public List<INDArray> inputs() {
        if (inputs == null) {
            inputs = new ArrayList<>();
            for (INDArray in : call.inputs()) {
                inputs.add(box.crop(in, samples));
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

    @Override
    public void close() {
        if (inputs != null) {
            inputs.forEach(INDArray::close);
        }
    }
}
