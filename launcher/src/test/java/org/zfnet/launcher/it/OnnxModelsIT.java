package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.formats.Npz;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * ONNX files as {@code torch.onnx.export} writes them, through the distribution, as README's "Your own model" says:
 * {@code model summary} lists every node with its shape and module path, {@code forward} taps named either way equal
 * PyTorch's outputs, deconv and occlusion run on a module path, {@code model import} keeps the same network as a spec
 * and safetensors, {@code demo} runs on one's own images, and an unknown operator or a wrong labels file is one line,
 * exit 2. The models are zfnet-model's importer fixtures (src/test/python/onnx_fixtures.py: reduced-width ResNet-18
 * and MobileNetV2, each with PyTorch's per-module outputs on a fixed input in the .npz beside it).
 */
class OnnxModelsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();

    private static Path fixture(String file) {
        return Path.of(System.getProperty("zfnet.checkout"),
                "zfnet-model/src/test/resources/org/zfnet/model/internal/onnx", file);
    }

    private static Map<String, FloatArray> pytorch(String model) {
        return Npz.readFloats(fixture(model + ".npz"));
    }

    /** The fixture's input as a float32 .npy batch, used as it is. */
    private static Path input(String model) {
        Path npy = dir.resolve(model + "-input.npy");
        if (!Files.exists(npy)) {
            Npy.write(npy, pytorch(model).get("input"));
        }
        return npy;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "resnet-mini    | /layer1/layer1.0/relu_1/Relu +relu +/layer1/layer1.0/Add +4x16x16 .* layer1\\.0\\.relu_1",
        "resnet-mini    | /fc/Gemm +linear +/Flatten +10 +330 .* fc",
        "mobilenet-mini | /features/features.2/conv/conv.1/conv.1.0/Conv +conv +\\S+ +48x8x8 .* features\\.2\\.conv\\.1\\.0",
        "mobilenet-mini | /features/features.3/Add +add +.* +8x8x8 .* features\\.3"})
    void summaryListsEveryNodeWithItsShapeAndModulePath(String model, String line) throws Exception {
        Result r = container.run("model", "summary", "--model", fixture(model + ".onnx").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith(model + ": imported from ONNX (opset "), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ +" + line)), line + " in\n" + r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ +prob +softmax +\\S+ +10 .* prob")),
                "the logits get a softmax, prob:\n" + r.out());
    }

    /**
     * Taps named by module path and by node name, and the logits, equal PyTorch's forward hooks to 1e-4 of the largest
     * magnitude; the files are those report.json names; the probabilities sum to one.
     */
    @ParameterizedTest
    @CsvSource({
        "resnet-mini,    layer2.0,   /layer3/layer3.1/relu_1/Relu,                    layer3.1,            fc",
        "mobilenet-mini, features.3, /features/features.2/conv/conv.1/conv.1.2/Clip, features.2.conv.1.2, classifier.1"})
    void forwardTapsByModulePathOrNodeNameEqualPyTorch(String model, String alias, String node, String nodeModule,
            String logits) throws Exception {
        Path out = dir.resolve("forward-" + model);
        Result r = container.run("forward", "--model", fixture(model + ".onnx").toString(), "--input",
                input(model).toString(), "--taps", String.join(",", alias, node, logits, "prob"), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, FloatArray> taps = taps(out);
        assertEquals(List.of(alias, node, logits, "prob"), List.copyOf(taps.keySet()));
        Map<String, FloatArray> reference = pytorch(model);
        assertClose(model + " " + alias, reference.get(alias), taps.get(alias));
        assertClose(model + " " + node, reference.get(nodeModule), taps.get(node));
        assertClose(model + " " + logits, reference.get("output"), taps.get(logits));
        double total = 0;
        for (float p : taps.get("prob").data()) {
            total += p;
        }
        assertEquals(1.0, total, 1e-5, "the softmax of the logits");
    }

    @Test
    void anImportedModelIsTheSameNetworkFromItsSpecAndSafetensors() throws Exception {
        Path onnx = fixture("resnet-mini.onnx");
        Path kept = dir.resolve("kept");
        Result imported = container.run("model", "import", onnx.toString(), "--out", kept.toString());
        assertEquals(0, imported.code(), imported.err());
        Path spec = kept.resolve("resnet-mini.json");
        Path weights = kept.resolve("resnet-mini.safetensors");
        assertTrue(Files.isRegularFile(spec) && Files.isRegularFile(weights), imported.out());
        String taps = "layer1.0,/layer2/layer2.0/Add,layer4,fc,prob";
        Path fromOnnx = dir.resolve("from-onnx");
        Path fromFiles = dir.resolve("from-files");
        Result a = container.run("forward", "--model", onnx.toString(), "--input", input("resnet-mini").toString(),
                "--taps", taps, "--out", fromOnnx.toString());
        Result b = container.run("forward", "--model", spec.toString(), "--weights", weights.toString(), "--input",
                input("resnet-mini").toString(), "--taps", taps, "--out", fromFiles.toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        Map<String, FloatArray> expected = taps(fromOnnx);
        Map<String, FloatArray> actual = taps(fromFiles);
        assertEquals(expected.keySet(), actual.keySet());
        for (String tap : expected.keySet()) {
            assertArrayEquals(expected.get(tap).shape(), actual.get(tap).shape(), tap);
            assertArrayEquals(expected.get(tap).data(), actual.get(tap).data(), tap);
        }
    }

    @Test
    void deconvAndOcclusionRunOnAModulePath() throws Exception {
        Path onnx = fixture("resnet-mini.onnx");
        Path deconv = dir.resolve("deconv");
        Result d = container.run("analyze", "deconv", "--model", onnx.toString(), "--input",
                input("resnet-mini").toString(), "--layer", "layer3.1", "--out", deconv.toString());
        assertEquals(0, d.code(), d.err());
        FloatArray projection = Npy.readFloat32(deconv.resolve("projection.npy"));
        assertArrayEquals(new long[] {1, 3, 64, 64}, projection.shape());
        assertTrue(maxAbs(projection.data()) > 0, "the projection is not all zeros");

        Path occlusion = dir.resolve("occlusion");
        Result o = container.run("analyze", "occlusion", "--model", onnx.toString(), "--input",
                input("resnet-mini").toString(), "--layer", "layer3.1", "--patch", "16", "--stride", "8", "--out",
                occlusion.toString());
        assertEquals(0, o.code(), o.err());
        assertArrayEquals(new long[] {7, 7}, Npy.readFloat32(occlusion.resolve("class_probability.npy")).shape());
        JsonNode report = JSON.readTree(occlusion.resolve("report.json").toFile());
        assertEquals("layer3.1", report.get("layer").asText());
        // the unoccluded probability is the softmax of PyTorch's logits at the top class
        float[] logits = pytorch("resnet-mini").get("output").data();
        int top = 0;
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            top = logits[c] > logits[top] ? c : top;
        }
        for (float l : logits) {
            sum += Math.exp(l - logits[top]);
        }
        assertEquals(top, report.at("/inputs/0/target_class").asInt());
        assertEquals(1 / sum, report.at("/inputs/0/unoccluded_probability").asDouble(), 1e-5);
    }

    @Test
    void theDemoRunsOnAnOnnxModelAndOnesOwnImages() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        int[][] sizes = {{48, 40}, {32, 64}};
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage rgb = new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < sizes[i][1]; y++) {
                for (int x = 0; x < sizes[i][0]; x++) {
                    rgb.setRGB(x, y, ((x * (i + 5)) % 256) << 16 | ((y * 7) % 256) << 8 | ((x * y) % 256));
                }
            }
            ImageIO.write(rgb, "png", photos.resolve("photo-" + i + ".png").toFile());
        }
        Path out = dir.resolve("demo");
        Result demo = container.run("demo", "--model", fixture("mobilenet-mini.onnx").toString(), "--input",
                photos.toString(), "--out", out.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("demo: 12 analyses (0 failed, 1 skipped)"), demo.out() + demo.err());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("Top-9 activations of /features/"), "deconv mines the model's convolutions");
        assertTrue(html.contains(". Occlusion sensitivity</h2>"), "section occlusion");
        JsonNode occlusion = JSON.readTree(out.resolve("occlusion/report.json").toFile());
        assertEquals(2, occlusion.at("/settings/inputs").asInt(), occlusion.toString());
    }

    @Test
    void anUnsupportedOperatorOrAWrongLabelsFileIsOneLineAndExitTwo() throws Exception {
        Path unsupported = fixture("unsupported-operator.onnx");
        container.refused(dir, unsupported + ": node '/act/Sigmoid' (Sigmoid): operator Sigmoid is not supported "
                + "(supported: Add, ", "forward", "--model", unsupported.toString(), "--input",
                input("mobilenet-mini").toString());
        Path labels = dir.resolve("two-labels.txt");
        Files.writeString(labels, "cat\ndog\n");
        container.refused(dir, "--labels " + labels + ": 2 class names for model mobilenet-mini's 10 outputs",
                "forward", "--model", fixture("mobilenet-mini.onnx").toString(), "--input",
                input("mobilenet-mini").toString(), "--labels", labels.toString());
    }

    /** The taps a forward run wrote, by tap name in report.json's order, read from the files it names. */
    private static Map<String, FloatArray> taps(Path out) throws Exception {
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        Map<String, FloatArray> taps = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> files = report.get("files").fields();
        while (files.hasNext()) {
            Map.Entry<String, JsonNode> f = files.next();
            taps.put(f.getValue().asText(), Npy.readFloat32(out.resolve(f.getKey())));
        }
        return taps;
    }

    /** Same shape and values, the largest difference at most 1e-4 of the largest magnitude. */
    private static void assertClose(String what, FloatArray expected, FloatArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double worst = 0;
        for (int i = 0; i < expected.data().length; i++) {
            worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
        }
        double scale = maxAbs(expected.data());
        assertTrue(scale > 0 && worst <= 1e-4 * scale, what + ": differs by " + worst + " at scale " + scale);
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
