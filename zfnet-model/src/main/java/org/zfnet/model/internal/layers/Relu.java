package org.zfnet.model.internal.layers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * {@code relu}: {@code max(x, 0)}. The rules differ here: the deconvnet rectifies the signal itself, guided
 * backpropagation also masks it where the forward input was not positive, the gradient only masks it.
 */
public final class Relu implements LayerType {

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
        ComputeBackend b = call.backend();
        return List.of(switch (rule) {
            case DECONVNET -> b.relu(signal);
            case GUIDED -> {
                try (INDArray rectified = b.relu(signal)) {
                    yield b.reluBackward(call.input(), rectified);
                }
            }
            case GRADIENT -> b.reluBackward(call.input(), signal);
        });
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        return box;
    }

    @Override
    public List<Window> projectWindow(LayerCall call, INDArray output, int[] samples, Window signal,
            ProjectionRule rule, boolean lrnGradient) {
        return Window.sameBox(this, call, output, samples, signal, rule, lrnGradient);
    }

    @Override
    public Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.of(Cropped.pointwise(layer));
    }
}
