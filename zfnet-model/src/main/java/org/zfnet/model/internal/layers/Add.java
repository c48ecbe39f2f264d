package org.zfnet.model.internal.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ProjectionRule;

/**
 * {@code add}: the element-wise sum of two or more inputs of one shape (a residual connection). The gradient, and
 * every projection rule's signal, goes to each input unchanged; an output box needs the same box of every input.
 */
public final class Add implements Pointwise {

    @Override
    public String type() {
        return "add";
    }

    @Override
    public Set<String> fields() {
        return Set.of();
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        for (long[] in : inputs) {
            if (!Arrays.equals(in, inputs.get(0))) {
                throw new InvalidInputException(where + ": adds inputs of different shapes, " + String.join(" and ",
                        inputs.stream().map(Arrays::toString).toList()) + " (inputs " + layer.inputs() + ")");
            }
        }
        return inputs.get(0);
    }

    @Override
    public INDArray forward(LayerCall call) {
        INDArray sum = call.inputs().get(0).dup('c');
        for (INDArray in : call.inputs().subList(1, call.inputs().size())) {
            sum.addi(in);
        }
        return sum;
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        List<INDArray> grads = new ArrayList<>();
        for (int i = 0; i < call.inputs().size(); i++) {
            grads.add(needed[i] ? gradient : null);
        }
        return grads;
    }
}
