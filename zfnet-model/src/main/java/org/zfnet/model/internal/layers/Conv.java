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
import org.zfnet.api.model.ProjectionRule;
import org.zfnet.api.model.Region;

/**
 * {@code conv}: cross-correlation as PyTorch's {@code Conv2d}, weights {@code [out, in / groups, k, k]}, optional
 * bias, with stride, padding ({@code pad}, or {@code pads} per side), dilation and groups ({@code groups = in = out}:
 * depthwise). Its projection under every rule is its transpose (the deconvnet's filtering step).
 */
public final class Conv implements LayerType {

    @Override
    public String type() {
        return "conv";
    }

    @Override
    public Set<String> fields() {
        return Set.of("out", "kernel", "stride", "pad", "pads", "groups", "dilation", "bias");
    }

    @Override
    public boolean hasParameters() {
        return true;
    }

    @Override
    public long[] outputShape(LayerSpec layer, List<long[]> inputs, String where) {
        long[] in = Specs.spatial(Specs.only(inputs), where);
        int k = Specs.positive(layer.kernel(), "kernel", where);
        Specs.orDefault(layer.stride(), 1, "stride", where);
        Specs.pads(layer, where);
        int dilation = Specs.orDefault(layer.dilation(), 1, "dilation", where);
        int groups = Specs.orDefault(layer.groups(), 1, "groups", where);
        int out = Specs.positive(layer.out(), "out", where);
        if (in[0] % groups != 0 || out % groups != 0) {
            throw new InvalidInputException(where + ": " + in[0] + " input and " + out + " output channels do not "
                    + "split into " + groups + " groups");
        }
        ConvGeometry g = geometry(layer);
        return new long[] {out, extent(in[1], k, dilation, g.padY(), g.padBottom(), g.strideY(), where),
            extent(in[2], k, dilation, g.padX(), g.padRight(), g.strideX(), where)};
    }

    private static int extent(long in, int k, int dilation, int before, int after, int stride, String where) {
        long span = (long) (k - 1) * dilation + 1;
        long padded = in + before + after;
        String padding = before == after ? Integer.toString(before) : before + "+" + after;
        if (padded < span) {
            throw new InvalidInputException(where + ": kernel " + k + (dilation == 1 ? "" : " at dilation " + dilation
                    + " (extent " + span + ")") + " does not fit input " + in + " with padding " + padding);
        }
        if (padded > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": input " + in + " with padding " + padding + " is too large");
        }
        return (int) ((padded - span) / stride + 1);
    }

    @Override
    public Map<String, long[]> parameters(LayerSpec layer, List<long[]> inputs) {
        Map<String, long[]> p = new LinkedHashMap<>();
        p.put("weight", new long[] {layer.out(), Specs.only(inputs)[0] / geometry(layer).groups(), layer.kernel(),
            layer.kernel()});
        if (Specs.biased(layer)) {
            p.put("bias", new long[] {layer.out()});
        }
        return p;
    }

    @Override
    public long macs(LayerSpec layer, List<long[]> inputs, long[] output, String where) {
        return Specs.product(where, "the multiply-add count", output[0], output[1], output[2],
                Specs.only(inputs)[0] / geometry(layer).groups(), layer.kernel(), layer.kernel());
    }

    /** Stride, padding, dilation and groups of a {@code conv} layer. */
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
        return box.through(layer.kernel(), g.strideY(), g.dilation(), g.padY(), g.padX());
    }

    /**
     * The transposed filters on the window, all of their output kept (no padding), the result placed at the input box
     * the window reads and cut to the input's plane. For square, undilated, ungrouped convolutions with even padding;
     * others have no windowed form here (the walk projects them in full).
     */
    @Override
    public List<Window> projectWindow(LayerCall call, INDArray output, int[] samples, Window signal,
            ProjectionRule rule, boolean lrnGradient) {
        LayerSpec layer = call.layer();
        if (layer.pads() != null || layer.groups() != null && layer.groups() != 1
                || layer.dilation() != null && layer.dilation() != 1) {
            return null;
        }
        ConvGeometry g = geometry(call.layer());
        int k = call.layer().kernel();
        INDArray full = call.backend().conv2dTranspose(signal.values(), call.parameter("weight"),
                new ConvGeometry(g.strideY(), g.strideX(), 0, 0), (signal.height() - 1) * g.strideY() + k,
                (signal.width() - 1) * g.strideX() + k);
        int[] top = new int[signal.rows()];
        int[] left = new int[signal.rows()];
        for (int j = 0; j < top.length; j++) {
            Region box = inputBox(call.layer(), 0, signal.region(j));
            top[j] = box.top();
            left[j] = box.left();
        }
        INDArray input = call.input();
        return List.of(new Window(top, left, (int) full.size(2), (int) full.size(3), full)
                .shifted((int) input.size(2), (int) input.size(3)));
    }

    /** Without its padding: the crop's border holds the zeros. */
    @Override
    public Optional<Cropped> cropped(LayerSpec layer) {
        return Optional.of(new Cropped(layer.withWindow(layer.kernel(), layer.stride(), null, null), 0f));
    }
}
