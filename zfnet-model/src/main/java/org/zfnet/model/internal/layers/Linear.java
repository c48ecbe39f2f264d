package org.zfnet.model.internal.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.backend.LinearGradients;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code linear}: a fully connected layer as PyTorch's {@code Linear}, weights {@code [out, in]}, optional bias; a
 * feature map input is flattened in C, H, W order. Every output depends on the whole input.
 */
public final class Linear implements LayerType {

    @Override
    public String type() {
        return "linear";
    }

    @Override
    public Set<String> fields() {
        return Set.of("out", "bias");
    }

    @Override
    public boolean hasParameters() {
        return true;
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        Specs.product(where, "the input size", Specs.only(inputs));
        return new long[] {Specs.positive(layer.out(), "out", where)};
    }

    @Override
    public Map<String, long[]> parameters(LayerSpec layer, List<long[]> inputs) {
        Map<String, long[]> p = new LinkedHashMap<>();
        p.put("weight", new long[] {layer.out(), Arrays.stream(Specs.only(inputs)).reduce(1, (a, b) -> a * b)});
        if (Specs.biased(layer)) {
            p.put("bias", new long[] {layer.out()});
        }
        return p;
    }

    @Override
    public long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return Specs.product(where, "the multiply-add count", output[0], Specs.product(where, "the input size",
                Specs.only(inputs)));
    }

    static INDArray flat(INDArray x) {
        return x.rank() == 2 ? x : x.reshape('c', x.size(0), -1);
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().linear(flat(call.input()), call.parameter("weight"), call.parameter("bias"));
    }

    @Override
    public boolean ownsOutput() {
        return true;
    }

    @Override
    public boolean dense() {
        return true;
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        LinearGradients g = call.backend().linearBackward(flat(input), call.parameter("weight"), gradient);
        if (parameters != null) {
            parameters.put("weight", g.weights());
            if (call.parameter("bias") != null) {
                parameters.put("bias", g.bias());
            } else {
                g.bias().close();
            }
        } else {
            g.weights().close();
            g.bias().close();
        }
        if (input.rank() == 2) {
            return List.of(g.input());
        }
        INDArray shaped = g.input().reshape('c', input.shape()).dup('c');
        g.input().close();
        return List.of(shaped);
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        throw new IllegalStateException("a linear layer has no window geometry: every output reads the whole input");
    }
}
