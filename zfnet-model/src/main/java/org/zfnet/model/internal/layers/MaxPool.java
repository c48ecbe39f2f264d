package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.PoolGeometry;
import org.zfnet.api.backend.Pooled;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code maxpool}: square max pooling as PyTorch's {@code MaxPool2d}, floor or ceil mode, padding (minus infinity)
 * {@code pad} or {@code pads} per side, with switches (where each maximum came from, the first on
 * ties). Backward and every projection rule unpool with the switches: values sharing a switch are summed (Zeiler and
 * Fergus's unpooling is the gradient of max pooling).
 */
public final class MaxPool implements LayerType {

    @Override
    public String type() {
        return "maxpool";
    }

    @Override
    public Set<String> fields() {
        return Set.of("kernel", "stride", "pad", "pads", "ceil");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return Specs.pooled(Specs.poolGeometry(layer, true, where), Specs.spatial(Specs.only(inputs), where), where);
    }

    public static PoolGeometry geometry(LayerSpec layer) {
        return Specs.poolGeometry(layer, true, "maxpool");
    }

    /** The values alone unless switches are wanted now (finding them costs more than the maxima). */
    @Override
    public INDArray forward(LayerCall call) {
        if (!call.switchesWanted()) {
            return call.backend().maxPoolValues(call.input(), geometry(call.layer()));
        }
        Pooled pooled = call.backend().maxPool(call.input(), geometry(call.layer()));
        call.keep(pooled.switches());
        return pooled.output();
    }

    /** The switches kept by the forward pass, or found now from the layer's input (and kept). */
    public static INDArray switches(LayerCall call) {
        INDArray kept = call.kept();
        if (kept != null) {
            return kept;
        }
        Pooled found = call.backend().maxPool(call.input(), geometry(call.layer()));
        found.output().close();
        call.keep(found.switches());
        return found.switches();
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        return List.of(call.backend().unpool(gradient, switches(call), (int) input.size(2), (int) input.size(3)));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        PoolGeometry g = geometry(layer);
        return box.through(g.kernel(), g.stride(), 1, g.padTop(), g.padLeft());
    }
}
