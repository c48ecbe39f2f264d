package org.zfnet.plugin.occlusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.zfnet.api.HostArrays;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.dto.ModelSpec;
import org.zfnet.api.model.Network;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.formats.Npz;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.testkit.TestContext;
import org.zfnet.testkit.TestNetworks;

/**
 * The plugin's occlusion maps (Zeiler and Fergus, Sec. 4.2) on reduced-width torchvision-style CNNs (a ResNet with
 * BasicBlocks, a MobileNetV2 with inverted residuals, a SqueezeNet with Fire modules and an Inception-like block)
 * against PyTorch 1.13 by brute force on the same weights ({@code
 * zfnet-model/src/test/python/make_parity_fixtures.py}): for each input alone, the square of the fill value (0) at
 * every grid position, the whole network run, and recorded the unoccluded top class's probability and log probability,
 * the total of the watched tap's channel with the largest maximum, the most probable class, and the attribution. Exact
 * incremental and naive modes, to 1e-3 of the largest magnitude of PyTorch's map; the top class exactly (PyTorch's top
 * two probabilities differ by at least 8e-5 at every position, the two computations by 6e-8). Each network is loaded
 * from our spec JSON with the state dict, and again from the {@code model.onnx} that torch.onnx.export wrote for the
 * same weights (batch normalisation folded, a softmax appended, layers named by ONNX node names): the watched tap by
 * its module path there, the fx function nodes {@code add} and {@code cat_3} by the module whose last node they are.
 */
class TorchOcclusionParityTest {

    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest
    @CsvSource({"resnet, layer2.0.relu_1, exact, ''", "resnet, layer2.0.relu_1, naive, ''", "mobilenet, add, exact, ''",
        "mobilenet, add, naive, ''",
        "squeeze, cat_3, exact, layer 31 'mixed.branch_avg.0' (avgpool) cannot be computed from crops of its inputs",
        "squeeze, cat_3, naive, layer 31 'mixed.branch_avg.0' (avgpool) cannot be computed from crops of its inputs"})
    void mapsEqualPyTorchsBruteForce(String model, String tap, String mode, String naively) {
        Path folder = resource(model);
        ModelSpec spec = TestNetworks.factory().readSpec(folder.resolve("spec.json"));
        Network network = TestNetworks.load(spec, folder.resolve("weights.npz"));
        assertMapsEqualPyTorchs(model, "spec", network, tap, mode, naively);
    }

    @ParameterizedTest
    @CsvSource({"resnet, layer2.0.relu_1, exact, ''", "resnet, layer2.0.relu_1, naive, ''",
        "mobilenet, features.3, exact, ''", "mobilenet, features.3, naive, ''",
        "squeeze, mixed, exact, layer 31 '/mixed/branch_avg/branch_avg.0/AveragePool' (avgpool) cannot be computed "
            + "from crops of its inputs",
        "squeeze, mixed, naive, layer 31 '/mixed/branch_avg/branch_avg.0/AveragePool' (avgpool) cannot be computed "
            + "from crops of its inputs"})
    void mapsOfTheOnnxExportEqualPyTorchsBruteForce(String model, String tap, String mode, String naively) {
        Path onnx = resource(model).resolve("model.onnx");
        Network network = TestNetworks.load(TestNetworks.factory().readSpec(onnx), onnx);
        assertMapsEqualPyTorchs(model, "onnx", network, tap, mode, naively);
    }

    /**
     * The plugin's maps of {@code network}, loaded by {@code route}, equal the fixture's. {@code naively}: why exact
     * mode would run the whole network per position instead of incrementally (the report says so in either mode), or
     * empty. The Inception-like block's average pooling without counting the padding has no crop form (the divisor
     * depends on where the window lies), so exact mode falls back to the naive computation there and says so.
     */
    private static void assertMapsEqualPyTorchs(String model, String route, Network network, String tap, String mode,
            String naively) {
        Path folder = resource(model);
        FloatArray x = Npy.readFloat32(folder.resolve("input.npy"));
        Map<String, FloatArray> expected = Npz.readFloats(folder.resolve("maps.npz"));

        Map<String, String> options = Map.of("patch", Integer.toString((int) expected.get("patch").data()[0]),
                "stride", Integer.toString((int) expected.get("stride").data()[0]), "layer", tap, "mode", mode,
                "batch", "16");
        InputSet inputs = InputSet.of(HostArrays.floats(x.data(), x.shape()), List.of("input-0", "input-1"));
        OcclusionPlugin plugin = new OcclusionPlugin();
        AnalysisResult result = plugin.run(AnalysisRequest.checked(plugin, inputs, options), TestContext.of(network));

        String what = model + " " + route + " " + mode;
        assertEquals(mode, result.summary().get("mode"));
        assertEquals(naively.isEmpty() ? null : naively, result.summary().get("exact_computed_naively_because"), what);
        for (String map : List.of("class_probability", "log_probability", "feature_activation", "attribution")) {
            assertClose(expected.get(map), result.arrays().get(map), what + " " + map);
        }
        float[] classes = expected.get("top_class").data();
        int[] top = HostArrays.ints(result.arrays().get("top_class"));
        assertArrayEquals(expected.get("top_class").shape(), result.arrays().get("top_class").shape(),
                what + " top class shape");
        for (int i = 0; i < top.length; i++) {
            assertEquals((int) classes[i], top[i], what + " top class at " + i);
        }
    }

    private static Path resource(String model) {
        try {
            return Path.of(TorchOcclusionParityTest.class.getResource("/org/zfnet/plugin/occlusion/parity/" + model)
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Equal shapes, and every element within the tolerance times the largest magnitude of {@code expected}. */
    private static void assertClose(FloatArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] got = HostArrays.floats(actual);
        double scale = 0;
        for (float v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + ": PyTorch's map is not all zero");
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected.data()[i]));
            assertEquals(expected.data()[i], got[i], TOLERANCE * scale, what + " at " + i + " (scale " + scale + ")");
        }
        System.out.printf("%-40s max abs difference %.2e of %.3g (%.1e relative)%n", what, worst, scale, worst / scale);
    }
}
