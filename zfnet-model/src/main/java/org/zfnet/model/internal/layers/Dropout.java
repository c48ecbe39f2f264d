package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.Dropped;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/** {@code dropout}: inverted dropout while training (the mask is kept for backward), the identity in inference. */
public final class Dropout implements Pointwise {

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public Set<String> fields() {
        return Set.of("p");
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        if (layer.p() == null || !(layer.p() >= 0 && layer.p() < 1)) {
            throw new InvalidInputException(where + ": 'p' must be in [0, 1), got " + layer.p());
        }
        return Specs.only(inputs);
    }

    @Override
    public INDArray forward(LayerCall call) {
        if (!call.training()) {
            return call.input();
        }
        Dropped d = call.backend().dropout(call.input(), call.layer().p(), call.seed());
        call.keep(d.mask());
        return d.output();
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray mask = call.kept();
        return List.of(mask == null ? gradient : gradient.mul(mask));
    }
}
