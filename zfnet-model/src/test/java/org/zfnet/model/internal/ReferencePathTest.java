package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.backend.ConvGeometry;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.conformance.ReferenceKernels;
import org.zfnet.conformance.Tensor;
import org.zfnet.formats.FloatArray;

/**
 * The network's taps against a second, independent path: the conformance kit's plain-Java reference
 * kernels (double precision) chained in the same layer order, on ZFNet's layer sequence at reduced width.
 */
class ReferencePathTest {

    static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));

    @Test
    void everyTapAgreesWithTheReferenceChain() {
        everyTapAgrees(TestSpecs.tiny(), 2, 3, 63, 63);
    }

    @Test
    void everyTapOfAGraphWithResidualAndConcatJoinsAgreesWithTheReference() {
        everyTapAgrees(TestSpecs.graph(), 2, 3, 16, 16);
    }

    private static void everyTapAgrees(org.zfnet.api.dto.ModelSpec model, int... inputShape) {
        CompiledSpec spec = CompiledSpec.of(model);
        Map<String, FloatArray> weights = Weights.he(spec, 7);
        GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(weights), CPU, "test");
        Tensor input = Tensor.uniform(new SplittableRandom(3), -2, 2, inputShape).roundedToFloat();

        List<Tensor> reference = referenceChain(spec, weights, input);
        try (ForwardTrace trace = network.forward(input.toFloat())) {
            for (Map.Entry<String, Integer> tap : spec.taps.entrySet()) {
                Tensor actual = Tensor.of(trace.tap(tap.getKey()));
                Tensor expected = reference.get(tap.getValue());
                assertArrayEquals(expected.shape(), actual.shape(), tap.getKey());
                double maxAbs = 0;
                for (int i = 0; i < actual.data().length; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(actual.data()[i] - expected.data()[i]));
                }
                double scale = Math.max(1, expected.maxAbs());
                System.out.printf("tap %-6s max abs error %.3e (values up to %.3g)%n", tap.getKey(), maxAbs,
                        expected.maxAbs());
                assertTrue(maxAbs <= 1e-4 * scale, tap.getKey() + ": max abs error " + maxAbs);
            }
            for (int i = 0; i < spec.spec.layers().size(); i++) {
                if (spec.spec.layers().get(i).type().equals("maxpool")) {
                    int below = spec.inputs.get(i)[0];
                    Tensor switches = ReferenceKernels.maxPool(below == CompiledSpec.NETWORK_INPUT ? input : reference.get(below),
                            org.zfnet.model.internal.layers.MaxPool.geometry(spec.spec.layers().get(i))).switches();
                    assertArrayEquals(switches.data(), Tensor.of(trace.pooling(i).switches()).data(),
                            "switches of layer " + i);
                }
            }
        }
    }

    @Test
    void aPartialPassWithSwitchesMatchesTheReferenceUpToItsTap() {
        CompiledSpec spec = CompiledSpec.of(TestSpecs.tiny());
        Map<String, FloatArray> weights = Weights.he(spec, 11);
        GraphNetwork network = new GraphNetwork(spec, Weights.toArrays(weights), CPU, "test");
        Tensor input = Tensor.uniform(new SplittableRandom(5), -2, 2, 2, 3, 63, 63).roundedToFloat();
        List<Tensor> reference = referenceChain(spec, weights, input);
        String lastPool = null;
        int lastPoolLayer = -1;
        for (int i = 0; i < spec.spec.layers().size(); i++) {
            if (spec.spec.layers().get(i).type().equals("maxpool")) {
                lastPoolLayer = i;
            }
        }
        for (Map.Entry<String, Integer> tap : spec.taps.entrySet()) {
            if (tap.getValue() == lastPoolLayer) {
                lastPool = tap.getKey();
            }
        }
        try (ForwardTrace trace = network.forward(input.toFloat(), lastPool, true)) {
            for (int i = 0; i <= lastPoolLayer; i++) {
                if (spec.spec.layers().get(i).type().equals("conv")) {
                    continue; // rectified in place by the ReLU after it
                }
                Tensor actual = Tensor.of(trace.output(i));
                double maxAbs = 0;
                for (int j = 0; j < actual.data().length; j++) {
                    maxAbs = Math.max(maxAbs, Math.abs(actual.data()[j] - reference.get(i).data()[j]));
                }
                assertTrue(maxAbs <= 1e-4 * Math.max(1, reference.get(i).maxAbs()), "layer " + i + ": " + maxAbs);
                if (spec.spec.layers().get(i).type().equals("maxpool")) {
                    int below = spec.inputs.get(i)[0];
                    Tensor switches = ReferenceKernels.maxPool(below == CompiledSpec.NETWORK_INPUT ? input : reference.get(below),
                            org.zfnet.model.internal.layers.MaxPool.geometry(spec.spec.layers().get(i))).switches();
                    assertArrayEquals(switches.data(), Tensor.of(trace.pooling(i).switches()).data(),
                            "switches of layer " + i);
                }
            }
            int after = lastPoolLayer + 1;
            assertThrows(InvalidInputException.class, () -> trace.output(after), "layers after the tap are not computed");
        }
    }

    /**
     * The same layers with {@link ReferenceKernels}, in double precision, over the spec's graph (each layer on the
     * outputs of the layers it takes): each layer's output.
     */
    static List<Tensor> referenceChain(CompiledSpec spec, Map<String, FloatArray> weights, Tensor input) {
        List<Tensor> outputs = new ArrayList<>();
        for (int i = 0; i < spec.spec.layers().size(); i++) {
            LayerSpec layer = spec.spec.layers().get(i);
            List<Tensor> in = new ArrayList<>();
            for (int k : spec.inputs.get(i)) {
                in.add(k == CompiledSpec.NETWORK_INPUT ? input : outputs.get(k));
            }
            Tensor x = in.get(0);
            outputs.add(switch (layer.type()) {
                case "conv" -> ReferenceKernels.conv2d(x, tensor(weights.get(layer.name() + ".weight")),
                        tensor(weights.get(layer.name() + ".bias")),
                        ConvGeometry.of(layer));
                case "relu" -> ReferenceKernels.relu(x);
                case "relu6" -> ReferenceKernels.relu6(x);
                case "batchnorm" -> ReferenceKernels.batchNorm(x, tensor(weights.get(layer.name() + ".running_mean")),
                        tensor(weights.get(layer.name() + ".running_var")), tensor(weights.get(layer.name() + ".weight")),
                        tensor(weights.get(layer.name() + ".bias")), layer.eps() == null ? 1e-5 : layer.eps());
                case "avgpool" -> ReferenceKernels.avgPool(x, org.zfnet.model.internal.layers.AvgPool.geometry(layer));
                case "globalavgpool" -> ReferenceKernels.globalAvgPool(x);
                case "pad" -> zeroPadded(x, layer.pads());
                case "maxpool" -> ReferenceKernels.maxPool(x, org.zfnet.model.internal.layers.MaxPool.geometry(layer)).output();
                case "lrn" -> ReferenceKernels.lrn(x, org.zfnet.model.internal.layers.Lrn.spec(layer));
                case "dropout", "identity" -> x;
                case "flatten" -> flat(x);
                case "linear" -> ReferenceKernels.linear(flat(x), tensor(weights.get(layer.name() + ".weight")),
                        tensor(weights.get(layer.name() + ".bias")));
                case "softmax" -> ReferenceKernels.softmax(x);
                case "add" -> sum(in);
                case "concat" -> channels(in);
                default -> throw new IllegalStateException(layer.type());
            });
        }
        return outputs;
    }

    private static Tensor flat(Tensor x) {
        return new Tensor(new int[] {x.shape()[0], x.data().length / x.shape()[0]}, x.data());
    }

    /** Element-wise sum, written out. */
    private static Tensor sum(List<Tensor> in) {
        double[] d = new double[in.get(0).data().length];
        for (Tensor t : in) {
            for (int i = 0; i < d.length; i++) {
                d[i] += t.data()[i];
            }
        }
        return new Tensor(in.get(0).shape(), d);
    }

    /** Inputs {@code [N, C_k, ...]} side by side along the channel axis, written out. */
    private static Tensor channels(List<Tensor> in) {
        int n = in.get(0).shape()[0];
        int plane = in.get(0).data().length / n / in.get(0).shape()[1];
        int total = in.stream().mapToInt(t -> t.shape()[1]).sum();
        double[] d = new double[n * total * plane];
        for (int s = 0; s < n; s++) {
            int at = s * total * plane;
            for (Tensor t : in) {
                int block = t.shape()[1] * plane;
                System.arraycopy(t.data(), s * block, d, at, block);
                at += block;
            }
        }
        int[] shape = in.get(0).shape().clone();
        shape[1] = total;
        return new Tensor(shape, d);
    }

    /** {@code x} inside zeros: {@code pads} [top, left, bottom, right]. */
    private static Tensor zeroPadded(Tensor x, List<Integer> pads) {
        int n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
        int ph = h + pads.get(0) + pads.get(2);
        int pw = w + pads.get(1) + pads.get(3);
        Tensor out = Tensor.zeros(n, c, ph, pw);
        for (int p = 0; p < n * c; p++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    out.data()[(p * ph + y + pads.get(0)) * pw + xx + pads.get(1)] = x.data()[(p * h + y) * w + xx];
                }
            }
        }
        return out;
    }

    /** As a tensor; null (a layer without bias) stays null. */
    private static Tensor tensor(FloatArray a) {
        if (a == null) {
            return null;
        }
        double[] d = new double[a.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.data()[i];
        }
        return new Tensor(java.util.Arrays.stream(a.shape()).mapToInt(Math::toIntExact).toArray(), d);
    }
}
