package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * {@code relu6}: {@code min(max(x, 0), 6)} (MobileNet). The deconvnet rectifies the signal as for ReLU; guided
 * backpropagation also blocks it where the forward input was outside (0, 6), the gradient only blocks it there.
 */
public final class Relu6 implements LayerType {

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
        ComputeBackend b = call.backend();
        return List.of(switch (rule) {
            case DECONVNET -> b.relu(signal);
            case GUIDED -> {
                try (INDArray rectified = b.relu(signal)) {
                    yield b.relu6Backward(call.input(), rectified);
                }
            }
            case GRADIENT -> b.relu6Backward(call.input(), signal);
        });
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        return box;
    }
}
