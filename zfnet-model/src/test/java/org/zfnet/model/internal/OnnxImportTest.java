package org.zfnet.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.backend.ComputeBackend;
import org.zfnet.api.dto.LayerSpec;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.ForwardTrace;
import org.zfnet.api.model.Network;
import org.zfnet.backend.nd4j.Nd4jKernels;
import org.zfnet.backend.nd4j.Nd4jRuntime;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npz;
import org.zfnet.model.internal.onnx.OnnxReader;

/**
 * Small models exported by {@code torch.onnx.export} (src/test/python/onnx_fixtures.py: reduced-width ResNet-18,
 * MobileNetV2, SqueezeNet 1.1, an AlexNet-like net with LRN, padding and softmax, a MatMul + Add head with float16
 * initializers; hand-written nets whose x.view(x.size(0), -1), F.pad, nn.ZeroPad2d and x.mean((2, 3)) torch writes as
 * shape arithmetic, at opsets 11 and 13), imported and run on the CPU backend: the output and every module's output,
 * taken by its module-path tap alias, equal PyTorch's (forward hooks) on the committed input; a model that ends in the
 * logits gets the softmax of PyTorch's logits as its last tap.
 */
class OnnxImportTest {

    private static final ComputeBackend CPU = new Nd4jKernels(Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND));
    private static final Networks NETWORKS = new Networks();

    static Path fixture(String file) {
        try {
            return Path.of(OnnxImportTest.class.getResource("onnx/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet-mini", "mobilenet-mini", "squeezenet-mini", "alexnet-mini", "matmul-half-mini",
        "view-mini-11", "view-mini-13", "pad-mini-11", "pad-mini-13"})
    void everyModuleOutputEqualsPyTorch(String name) {
        Path onnx = fixture(name + ".onnx");
        Map<String, FloatArray> reference = Npz.readFloats(fixture(name + ".npz"));
        ModelSpec spec = NETWORKS.readSpec(onnx);
        assertEquals(name, spec.name());
        Network network = NETWORKS.load(spec, onnx, CPU);
        FloatArray input = reference.get("input");
        int last = spec.layers().size() - 1;
        boolean added = spec.layers().get(last).name().equals(OnnxReader.PROBABILITIES);
        int compared = 0;
        try (INDArray x = HostArrays.floats(input.data(), input.shape()); ForwardTrace trace = network.forward(x)) {
            for (Map.Entry<String, FloatArray> r : reference.entrySet()) {
                if (r.getKey().equals("input")) {
                    continue;
                }
                INDArray out = r.getKey().equals("output") ? trace.output(added ? last - 1 : last) : trace.tap(r.getKey());
                assertClose(name + " " + r.getKey(), r.getValue(), out);
                compared++;
            }
            if (added) {
                assertClose(name + " prob", softmax(reference.get("output")), trace.output(last));
            }
        }
        assertTrue(compared >= 5, name + ": only " + compared + " outputs compared");
    }

    /** Rows of the scores [N, K] made probabilities, in double precision. */
    private static FloatArray softmax(FloatArray scores) {
        int k = (int) scores.shape()[1];
        float[] s = scores.data();
        float[] p = new float[s.length];
        for (int r = 0; r < s.length / k; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, s[r * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(s[r * k + c] - max);
            }
            for (int c = 0; c < k; c++) {
                p[r * k + c] = (float) (Math.exp(s[r * k + c] - max) / sum);
            }
        }
        return new FloatArray(scores.shape(), p);
    }

    /** Same values, the largest difference at most 1e-4 of the largest magnitude. */
    private static void assertClose(String what, FloatArray expected, INDArray actual) {
        float[] a = HostArrays.floats(actual);
        float[] e = expected.data();
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst <= 1e-4 * scale, what + ": differs by " + worst + " at scale " + scale);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet-mini"})
    void layersAreNamedAsTheNodesAndTheirParametersAsLayerDotWeight(String name) {
        ModelSpec spec = NETWORKS.readSpec(fixture(name + ".onnx"));
        LayerSpec first = spec.layers().get(0);
        assertEquals("/conv1/Conv", first.name());
        assertEquals(java.util.List.of("input"), first.inputs());
        assertEquals(java.util.List.of(3, 64, 64), spec.input());
        assertEquals(73, spec.preprocessing().resize()); // round(64 * 256 / 224)
        CompiledSpec compiled = CompiledSpec.of(spec);
        assertTrue(compiled.parameters.containsKey("/conv1/Conv.weight"));
        assertTrue(compiled.parameters.containsKey("/bn1/BatchNormalization.running_var"));
        assertEquals(compiled.tapIndex("/layer4/layer4.1/relu_1/Relu"), compiled.tapIndex("layer4.1.relu_1"));
        assertEquals(compiled.tapIndex("layer4.1.relu_1"), compiled.tapIndex("layer4"));
    }
}
