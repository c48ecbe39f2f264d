package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * Networks as graphs, through the distribution: a spec whose layers name their {@code inputs} (a residual block joined
 * by {@code add}, two branches joined by {@code concat}, PyTorch module paths as names) is summarised with each layer's
 * inputs and runs; graphs that cannot work are refused in one line naming the layer and the shapes.
 */
class GraphModelsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();
    private static Path image;

    @BeforeAll
    static void image() throws Exception {
        image = dir.resolve("image.png");
        BufferedImage rgb = new BufferedImage(40, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 40; x++) {
                rgb.setRGB(x, y, (x * 6) << 16 | (y * 7) << 8 | (x + y) * 3);
            }
        }
        ImageIO.write(rgb, "png", image.toFile());
    }

    /** A residual block, then a concat of two branches, pooling and a classifier, on 3x32x32 inputs. */
    static ObjectNode spec() {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("name", "tiny-graph");
        spec.putArray("input").add(3).add(32).add(32);
        ArrayNode layers = spec.putArray("layers");
        layers.add(layer("conv", "stem.conv").put("out", 8).put("kernel", 3).put("pad", 1));
        layers.add(layer("relu", "stem.relu"));
        layers.add(layer("conv", "block.conv1").put("out", 8).put("kernel", 3).put("pad", 1));
        layers.add(layer("relu", null));
        layers.add(layer("conv", "block.conv2").put("out", 8).put("kernel", 3).put("pad", 1).put("bias", false));
        layers.add(inputs(layer("add", "block.add"), "block.conv2", "stem.relu"));
        layers.add(layer("relu", "block.out"));
        layers.add(layer("conv", "branch.a").put("out", 4).put("kernel", 1));
        layers.add(inputs(layer("conv", "branch.b").put("out", 4).put("kernel", 3).put("pad", 1), "block.out"));
        layers.add(inputs(layer("concat", "join"), "branch.a", "branch.b"));
        layers.add(layer("maxpool", "pool").put("kernel", 2).put("stride", 2));
        layers.add(layer("linear", "fc").put("out", 5));
        layers.add(layer("softmax", "prob"));
        return spec;
    }

    private static ObjectNode layer(String type, String name) {
        ObjectNode layer = JSON.createObjectNode().put("type", type);
        if (name != null) {
            layer.put("name", name);
        }
        return layer;
    }

    private static ObjectNode inputs(ObjectNode layer, String... names) {
        ArrayNode inputs = layer.putArray("inputs");
        for (String n : names) {
            inputs.add(n);
        }
        return layer;
    }

    private static Path write(String name, ObjectNode spec) throws Exception {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, spec.toString());
        return file;
    }

    private static Path edited(String name, Consumer<ArrayNode> edit) throws Exception {
        ObjectNode spec = spec();
        edit.accept((ArrayNode) spec.get("layers"));
        return write(name, spec);
    }

    @Test
    void aGraphIsSummarisedWithEachLayersInputsAndRuns() throws Exception {
        Path spec = write("graph", spec());
        Result table = container.run("model", "summary", "--model", spec.toString());
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(1).matches("# +LAYER +TYPE +INPUTS +OUTPUT +PARAMS +MACS +TAP"), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("5 +block\\.add +add +block\\.conv2, stem\\.relu +8x32x32 .*")),
                table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("9 +join +concat +branch\\.a, branch\\.b +8x32x32 .*")),
                table.out());
        // block.conv2 has no bias: 8 x 8 x 3 x 3 weights only
        assertTrue(lines.stream().anyMatch(l -> l.matches("4 +block\\.conv2 +conv +#3 +8x32x32 +576 .*")), table.out());

        Path out = dir.resolve("forward");
        Result forward = container.run("forward", "--model", spec.toString(), "--input", image.toString(), "--out",
                out.toString());
        assertEquals(0, forward.code(), forward.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals(List.of(1, 8, 32, 32), JSON.convertValue(report.at("/taps/block.add"), List.class));
        assertEquals(List.of(1, 8, 32, 32), JSON.convertValue(report.at("/taps/join"), List.class));
        assertEquals(List.of(1, 5), JSON.convertValue(report.at("/taps/prob"), List.class));
        double total = 0;
        for (JsonNode c : report.at("/inputs/0/top5")) {
            total += c.get("probability").asDouble();
        }
        assertEquals(1.0, total, 1e-5, "the five classes' probabilities sum to one");
    }

    @Test
    void theDemoRunsEveryAnalysisOnAGraph() throws Exception {
        Path spec = write("demo-graph", spec());
        Path out = dir.resolve("demo");
        Result demo = container.run("demo", "--model", spec.toString(), "--images-per-class", "5", "--out",
                out.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("demo: 12 analyses (0 failed)"), demo.out() + demo.err());
        String html = Files.readString(out.resolve("index.html"));
        for (String title : List.of("Top-9 activations of stem.conv", "Top-9 activations of branch.b",
                "Invariance to rotation", "Occlusion sensitivity", "Correspondence of face parts")) {
            assertTrue(html.contains(". " + title + "</h2>"), "section " + title);
        }
        JsonNode occlusion = JSON.readTree(out.resolve("occlusion/report.json").toFile());
        assertEquals("branch.b", occlusion.get("layer").asText(), "the last convolution is watched");
        assertEquals("auto", occlusion.at("/settings/layer").asText());
    }

    @Test
    void theDemoRunsOnOnesOwnImagesWithAThousandClassesAndANonSquareInput() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        int[][] sizes = {{50, 40}, {64, 64}, {30, 70}};
        for (int i = 0; i < sizes.length; i++) {
            BufferedImage rgb = new BufferedImage(sizes[i][0], sizes[i][1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < sizes[i][1]; y++) {
                for (int x = 0; x < sizes[i][0]; x++) {
                    rgb.setRGB(x, y, ((x * (i + 3)) % 256) << 16 | ((y * 5) % 256) << 8 | ((x + y) * (i + 1)) % 256);
                }
            }
            ImageIO.write(rgb, "png", photos.resolve("photo-" + i + ".png").toFile());
        }
        ObjectNode wide = spec();
        wide.putArray("input").add(3).add(40).add(48);
        ArrayNode layers = (ArrayNode) wide.get("layers");
        ((ObjectNode) layers.get(layers.size() - 2)).put("out", 1000);
        Path spec = write("own-images", wide);
        Path out = dir.resolve("own-demo");
        Result demo = container.run("demo", "--model", spec.toString(), "--input", photos.toString(), "--out",
                out.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("demo: 12 analyses (0 failed, 1 skipped)"), demo.out() + demo.err());
        assertTrue(demo.out().contains("correspondence: Correspondence of face parts: skipped, it needs the procedural "
                + "sample images of class 'face'"), demo.out());
        String html = Files.readString(out.resolve("index.html"));
        for (String title : List.of("Top-9 activations of stem.conv", "Top-9 activations of branch.b",
                "Invariance to rotation", "Occlusion sensitivity")) {
            assertTrue(html.contains(". " + title + "</h2>"), "section " + title);
        }
        assertTrue(html.contains("Correspondence of face parts</a> (skipped)"), "listed as skipped");
        assertTrue(html.contains("Skipped: it needs the procedural sample images of class &#39;face&#39;")
                || html.contains("Skipped: it needs the procedural sample images of class 'face'"), "says why");
        assertTrue(html.contains("3 image(s): " + photos), "the images are named in the header");
        assertTrue(!Files.exists(out.resolve("samples")), "no sample images are rendered");
        JsonNode occlusion = JSON.readTree(out.resolve("occlusion/report.json").toFile());
        assertEquals(3, occlusion.at("/settings/inputs").asInt(), occlusion.toString());
        assertTrue(occlusion.at("/settings/command").isMissingNode() && occlusion.get("command").asText()
                .contains(photos.resolve("photo-0.png").toString()), "the section's command names the user's image");
        JsonNode invariance = JSON.readTree(out.resolve("invariance-to-rotation/report.json").toFile());
        assertEquals(3, invariance.at("/settings/inputs").asInt(), invariance.toString());
    }

    @Test
    void graphsThatCannotWorkAreRefusedNamingTheLayerAndTheShapes() throws Exception {
        String in = image.toString();
        container.refused(dir, "layer 5 'block.add' (add): input 'block.later' is not an earlier layer (a layer comes "
                + "after the layers it takes, so a graph has no cycles; 'input' is the network's input)", "forward",
                "--model", edited("cycle", l -> ((ArrayNode) ((ObjectNode) l.get(5)).get("inputs")).set(1,
                        JSON.getNodeFactory().textNode("block.later"))).toString(), "--input", in);
        container.refused(dir, "layer 5 'block.add' (add): input 'block.out' is not an earlier layer", "forward",
                "--model", edited("forward-reference", l -> ((ArrayNode) ((ObjectNode) l.get(5)).get("inputs")).set(1,
                        JSON.getNodeFactory().textNode("block.out"))).toString(), "--input", in);
        container.refused(dir, "layer 6 'block.add' (add): adds inputs of different shapes, [8, 32, 32] and "
                + "[4, 32, 32] (inputs [block.conv2, branch.a])", "forward", "--model", edited("add-shapes", l -> {
                    ObjectNode a = layer("conv", "branch.a").put("out", 4).put("kernel", 1);
                    inputs(a, "stem.relu");
                    l.insert(2, a);
                    l.remove(8);
                    ((ArrayNode) ((ObjectNode) l.get(6)).get("inputs")).set(1, JSON.getNodeFactory().textNode("branch.a"));
                }).toString(), "--input", in);
        container.refused(dir, "layer 9 'join' (concat): joins inputs whose shapes differ beyond the channels, "
                + "[4, 32, 32] and [4, 16, 16]", "forward", "--model", edited("concat-shapes",
                        l -> ((ObjectNode) l.get(8)).put("stride", 2)).toString(), "--input", in);
        container.refused(dir, "layer 5 'block.add' (add): needs 'inputs', the names of the 2 or more layers it joins",
                "forward", "--model", edited("no-inputs", l -> ((ObjectNode) l.get(5)).remove("inputs")).toString(),
                "--input", in);
        container.refused(dir, "layer 2 'block.conv1' (depthwise): unknown layer type 'depthwise'", "forward",
                "--model", edited("unknown", l -> ((ObjectNode) l.get(2)).put("type", "depthwise")).toString(),
                "--input", in);
    }
}
