package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code pad}: zeros around each map, {@code pads} [top, left, bottom, right] (PyTorch's {@code ZeroPad2d}, ONNX's
 * {@code Pad}). Backward and every projection rule crop the signal back to the input.
 */
public final class Pad implements LayerType {

    @Override
    public String type() {
        return "pad";
    }

    @Override
    public Set<String> fields() {
        return Set.of("pads");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] in = Specs.spatial(Specs.only(inputs), where);
        if (layer.pads() == null) {
            throw new InvalidInputException(where + ": needs 'pads', [top, left, bottom, right]");
        }
        int[] p = Specs.pads(layer, where);
        long[] out = {in[0], in[1] + p[0] + p[2], in[2] + p[1] + p[3]};
        if (out[1] > Integer.MAX_VALUE || out[2] > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": padding " + layer.pads() + " makes the map too large");
        }
        return out;
    }

    @Override
    public INDArray forward(LayerCall call) {
        INDArray x = call.input();
        int[] p = Specs.pads(call.layer(), "pad");
        INDArray out = Nd4j.zeros(x.dataType(), x.size(0), x.size(1), x.size(2) + p[0] + p[2], x.size(3) + p[1] + p[3]);
        out.get(inside(p, x)).assign(x);
        return out;
    }

    @Override
    public boolean ownsOutput() {
        return true;
    }

    /** Where the input lies in the padded output. */
    private static INDArrayIndex[] inside(int[] p, INDArray input) {
        return new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
            NDArrayIndex.interval(p[0], p[0] + input.size(2)), NDArrayIndex.interval(p[1], p[1] + input.size(3))};
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        return List.of(gradient.get(inside(Specs.pads(call.layer(), "pad"), call.input())).dup('c'));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        int[] p = Specs.pads(layer, "pad");
        return box.through(1, 1, 1, p[0], p[1]);
    }
}
