package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code avgpool}: square average pooling as PyTorch's {@code AvgPool2d}: floor or ceil mode, zero padding {@code pad}
 * or {@code pads}, counted in the divisor unless {@code countPad} is false. Backward and every projection rule spread
 * each value evenly over its window (the adjoint).
 */
public final class AvgPool implements LayerType {

    @Override
    public String type() {
        return "avgpool";
    }

    @Override
    public Set<String> fields() {
        return Set.of("kernel", "stride", "pad", "pads", "ceil", "countPad");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return Specs.pooled(geometry(layer, where), Specs.spatial(Specs.only(inputs), where), where);
    }

    private static PoolGeometry geometry(LayerSpec layer, String where) {
        return Specs.poolGeometry(layer, !Boolean.FALSE.equals(layer.countPad()), where);
    }

    public static PoolGeometry geometry(LayerSpec layer) {
        return geometry(layer, "avgpool");
    }

    @Override
    public long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return Specs.product(where, "the multiply-add count", output[0], output[1], output[2], layer.kernel(),
                layer.kernel());
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().avgPool(call.input(), geometry(call.layer()));
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        return List.of(call.backend().avgPoolBackward(gradient, geometry(call.layer()), (int) input.size(2),
                (int) input.size(3)));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        PoolGeometry g = geometry(layer);
        return box.through(g.kernel(), g.stride(), 1, g.padTop(), g.padLeft());
    }
}
