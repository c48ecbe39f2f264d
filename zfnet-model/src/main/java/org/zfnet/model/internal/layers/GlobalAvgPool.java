package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code globalavgpool}: the mean of each channel's map, {@code [C, H, W]} to {@code [C, 1, 1]} as PyTorch's
 * {@code AdaptiveAvgPool2d(1)} (a flatten or linear layer follows). Every output reads the whole map, so it is dense;
 * backward and every projection rule spread each value evenly over its map.
 */
public final class GlobalAvgPool implements LayerType {

    @Override
    public String type() {
        return "globalavgpool";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return new long[] {Specs.spatial(Specs.only(inputs), where)[0], 1, 1};
    }

    @Override
    public long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return Specs.product(where, "the multiply-add count", Specs.only(inputs));
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().globalAvgPool(call.input());
    }

    @Override
    public boolean dense() {
        return true;
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        return List.of(call.backend().globalAvgPoolBackward(gradient, (int) input.size(2), (int) input.size(3)));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        throw new IllegalStateException("global average pooling has no window geometry: every output reads its whole map");
    }
}
