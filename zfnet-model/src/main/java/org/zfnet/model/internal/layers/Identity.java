package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/** {@code identity}: its input unchanged (a placeholder that imported graphs and named taps use). */
public final class Identity implements Pointwise {

    @Override
    public String type() {
        return "identity";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return Specs.only(inputs);
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.input();
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        return List.of(gradient);
    }
}
