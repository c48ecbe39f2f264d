package org.zfnet.model.internal.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.backend.ConvGradients;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.Region;

/**
 * {@code conv}: cross-correlation as PyTorch's {@code Conv2d}, weights {@code [out, in, k, k]}, optional bias. Its
 * projection under every rule is its transpose (the deconvnet's filtering step).
 */
public final class Conv implements LayerType {

    @Override
    public String type() {
        return "conv";
    }

    @Override
    public Set<String> fields() {
        return Set.of("out", "kernel", "stride", "pad", "bias");
    }

    @Override
    public boolean hasParameters() {
        return true;
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] in = Specs.spatial(Specs.only(inputs), where);
        int k = Specs.positive(layer.kernel(), "kernel", where);
        int stride = Specs.orDefault(layer.stride(), 1, "stride", where);
        int pad = Specs.pads(layer, where)[0];
        int out = Specs.positive(layer.out(), "out", where);
        return new long[] {out, extent(in[1], k, stride, pad, where), extent(in[2], k, stride, pad, where)};
    }

    private static int extent(long in, int k, int stride, int pad, String where) {
        if (in + 2L * pad < k) {
            throw new InvalidInputException(where + ": kernel " + k + " does not fit input " + in + " with padding " + pad);
        }
        if (in + 2L * pad > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": input " + in + " with padding " + pad + " is too large");
        }
        return ConvGeometry.outputSize((int) in, k, stride, pad);
    }

    @Override
    public Map<String, long[]> parameters(LayerSpec layer, List<long[]> inputs) {
        Map<String, long[]> p = new LinkedHashMap<>();
        p.put("weight", new long[] {layer.out(), Specs.only(inputs)[0], layer.kernel(), layer.kernel()});
        if (Specs.biased(layer)) {
            p.put("bias", new long[] {layer.out()});
        }
        return p;
    }

    @Override
    public long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return Specs.product(where, "the multiply-add count", output[0], output[1], output[2],
                Specs.only(inputs)[0], layer.kernel(), layer.kernel());
    }

    /** Stride and padding of a {@code conv} layer. */
    public static ConvGeometry geometry(LayerSpec layer) {
        return ConvGeometry.of(layer);
    }

    @Override
    public INDArray forward(LayerCall call) {
        return call.backend().conv2d(call.input(), call.parameter("weight"), call.parameter("bias"),
                geometry(call.layer()));
    }

    @Override
    public boolean ownsOutput() {
        return true;
    }

    @Override
    public List<INDArray> backward(LayerCall call, INDArray output, INDArray gradient, boolean[] needed,
            Map<String, INDArray> parameters) {
        INDArray input = call.input();
        if (parameters == null) {
            return List.of(transpose(call, gradient, input));
        }
        ConvGradients g = call.backend().conv2dBackward(input, call.parameter("weight"), gradient,
                geometry(call.layer()));
        parameters.put("weight", g.weights());
        if (call.parameter("bias") != null) {
            parameters.put("bias", g.bias());
        } else {
            g.bias().close();
        }
        List<INDArray> grads = new ArrayList<>(Arrays.asList((INDArray) null));
        if (needed[0]) {
            grads.set(0, g.input());
        } else {
            g.input().close();
        }
        return grads;
    }

    private static INDArray transpose(LayerCall call, INDArray signal, INDArray input) {
        return call.backend().conv2dTranspose(signal, call.parameter("weight"), geometry(call.layer()),
                (int) input.size(2), (int) input.size(3));
    }

    @Override
    public Region inputBox(LayerSpec layer, int input, Region box) {
        ConvGeometry g = geometry(layer);
        return box.through(layer.kernel(), g.strideY(), 1, g.padY(), g.padX());
    }

    /** Without its padding: the crop's border holds the zeros. */
    @Override
    public Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.of(new Cropped(layer.withWindow(layer.kernel(), layer.stride(), null, null), 0f));
    }
}
