package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/**
 * {@code relu}: {@code max(x, 0)}. The rules differ here: the deconvnet rectifies the signal itself, guided
 * backpropagation also masks it where the forward input was not positive, the gradient only masks it.
 */
public final class Relu implements Pointwise {

    @Override
    public String type() {
        return "relu";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        return Specs.only(inputs);
    }

    /** In place on the pass's own array (a convolution's output that only feeds this ReLU). */
    @Override
    public INDArray forward(LayerCall call) {
        return call.ownsInput() ? call.backend().reluInPlace(call.input()) : call.backend().relu(call.input());
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        return List.of(call.backend().reluBackward(call.input(), gradient));
    }

    @Override
    public List<INDArray> project(LayerCall call, INDArray output, INDArray signal, ProjectionRule rule, boolean lrnGradient,
            boolean[] needed) {
        return List.of(rectify(call.backend(), signal, rule, s -> call.backend().reluBackward(call.input(), s)));
    }

    /**
     * The projection rules at a rectifier whose backward is {@code mask} (the gradient kept where the forward input
     * passed): the deconvnet rectifies the signal itself, guided backpropagation rectifies and masks it, the gradient
     * masks it.
     */
    static INDArray rectify(ComputeBackend b, INDArray signal, ProjectionRule rule, UnaryOperator<INDArray> mask) {
        return switch (rule) {
            case DECONVNET -> b.relu(signal);
            case GUIDED -> {
                try (INDArray rectified = b.relu(signal)) {
                    yield mask.apply(rectified);
                }
            }
            case GRADIENT -> mask.apply(signal);
        };
    }
}
