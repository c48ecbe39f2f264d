package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/**
 * {@code relu6}: {@code min(max(x, 0), 6)} (MobileNet). The deconvnet rectifies the signal as for ReLU; guided
 * backpropagation also blocks it where the forward input was outside (0, 6), the gradient only blocks it there.
 */
public final class Relu6 implements Pointwise {

    @Override
    public String type() {
        return "relu6";
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
        return call.backend().relu6(call.input());
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        return List.of(call.backend().relu6Backward(call.input(), gradient));
    }

    @Override
    public List<INDArray> project(LayerCall call, INDArray output, INDArray signal, ProjectionRule rule, boolean lrnGradient,
            boolean[] needed) {
        return List.of(Relu.rectify(call.backend(), signal, rule, s -> call.backend().relu6Backward(call.input(), s)));
    }
}
