package org.zfnet.model.internal.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/** {@code flatten}: a feature map {@code [C, H, W]} as features {@code [C * H * W]}, in C, H, W order. */
public final class Flatten implements LayerType {

    @Override
    public String type() {
        return "flatten";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return new long[] {Specs.product(where, "the input size", Specs.only(inputs))};
    }

    @Override
    public INDArray forward(LayerCall call) {
        return Linear.flat(call.input());
    }

    @Override
    public boolean dense() {
        return true;
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        long[] shape = call.input().shape();
        return List.of(Arrays.equals(gradient.shape(), shape) ? gradient : gradient.reshape('c', shape).dup('c'));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        throw new IllegalStateException("flatten has no window geometry");
    }
}
