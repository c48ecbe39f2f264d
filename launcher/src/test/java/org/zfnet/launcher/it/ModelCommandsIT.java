package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.launcher.it.TestDistribution.Result;

/** {@code zfnet model ...} and {@code zfnet forward} in a container booted from the distribution. */
class ModelCommandsIT {

    private static final String BUILT_IN = "alexnet, densenet121, mobilenet_v2, resnet101, resnet18, resnet34, "
            + "resnet50, squeezenet1_1, vgg16, vgg16_bn, zfnet, zfnet-mini";

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();

    private static Result run(String... args) throws Exception {
        return container.run(args);
    }

    @Test
    void summaryOfZfnetHasTheFigure3ShapesAndTotals() throws Exception {
        Result r = run("model", "summary", "--model", "zfnet", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(1_168_032_896L, json.get("macs").asLong());
        assertEquals(62_357_608L, json.get("parameters").asLong());
        List<String> tapShapes = new ArrayList<>();
        for (JsonNode layer : json.get("layers")) {
            if (!layer.get("tap").asText().isEmpty()) {
                tapShapes.add(layer.get("tap").asText() + layer.get("outputShape"));
            }
        }
        assertEquals(List.of("conv1[96,110,110]", "pool1[96,55,55]", "norm1[96,55,55]", "conv2[256,26,26]",
                "pool2[256,13,13]", "norm2[256,13,13]", "conv3[384,13,13]", "conv4[384,13,13]", "conv5[256,13,13]",
                "pool5[256,6,6]", "fc6[4096]", "fc7[4096]", "fc8[1000]", "prob[1000]"), tapShapes);
        Result table = run("model", "summary", "--model", "zfnet");
        assertTrue(table.out().contains("1,168,032,896"), table.out());
        // the spec printed under "spec" is a spec file that gives the same network
        Path own = dir.resolve("own-zfnet.json");
        Files.writeString(own, json.get("spec").toString());
        Result fromFile = run("model", "summary", "--model", own.toString(), "--json");
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(1_168_032_896L, new ObjectMapper().readTree(fromFile.out()).get("macs").asLong());
    }

    @Test
    void forwardOnAnImageWritesEveryTapAndTheTopFive() throws Exception {
        Path image = dir.resolve("stripes.png");
        BufferedImage stripes = new BufferedImage(300, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 300; x++) {
                stripes.setRGB(x, y, (x / 10) % 2 == 0 ? 0xff2040 : 0x20c0ff);
            }
        }
        ImageIO.write(stripes, "png", image.toFile());
        Path out = dir.resolve("forward");
        Result r = run("forward", "--model", "zfnet", "--input", image.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("random He initialisation (seed 1)"), "says that the weights are random");
        for (String tap : List.of("conv1", "pool1", "norm1", "conv2", "pool2", "norm2", "conv3", "conv4", "conv5",
                "pool5", "fc6", "fc7", "fc8", "prob")) {
            assertTrue(Files.isRegularFile(out.resolve(tap + ".npy")), tap);
        }
        assertArrayEquals(new long[] {1, 96, 110, 110}, Npy.readFloat32(out.resolve("conv1.npy")).shape());
        assertArrayEquals(new long[] {1, 256, 6, 6}, Npy.readFloat32(out.resolve("pool5.npy")).shape());
        FloatArray prob = Npy.readFloat32(out.resolve("prob.npy"));
        double sum = 0;
        for (float p : prob.data()) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-4);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode top = report.at("/inputs/0/top5");
        assertEquals(5, top.size());
        assertEquals("stripes.png", report.at("/inputs/0/name").asText());
        assertEquals(prob.data()[top.get(0).get("class").asInt()], top.get(0).get("probability").floatValue(), 1e-6);
        for (float p : prob.data()) {
            assertTrue(p <= top.get(0).get("probability").floatValue() + 1e-7, "top-1 is the largest probability");
        }
    }

    @Test
    void savedWeightsReproduceTheRandomNetworkAndNpyInputsAreUsedAsIs() throws Exception {
        Path spec = dir.resolve("tiny.json");
        Files.writeString(spec, TINY_SPEC);
        Path weights = dir.resolve("tiny.safetensors");
        assertEquals(0, run("model", "init", "--model", spec.toString(), "--seed", "4", "--out", weights.toString()).code());
        float[] x = new float[2 * 3 * 63 * 63];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37);
        }
        Path input = dir.resolve("x.npy");
        Npy.write(input, new FloatArray(new long[] {2, 3, 63, 63}, x));
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, run("forward", "--model", spec.toString(), "--weights", weights.toString(), "--input",
                input.toString(), "--out", a.toString()).code());
        assertEquals(0, run("forward", "--model", spec.toString(), "--seed", "4", "--input", input.toString(),
                "--out", b.toString()).code());
        assertArrayEquals(Npy.readFloat32(b.resolve("fc8.npy")).data(), Npy.readFloat32(a.resolve("fc8.npy")).data());
        assertArrayEquals(new long[] {2, 16, 1, 1}, Npy.readFloat32(a.resolve("pool5.npy")).shape());
    }

    @Test
    void anImportedModelIsASpecAndWeightsThatGiveTheSameNetwork() throws Exception {
        Path image = dir.resolve("import-input.png");
        BufferedImage rgb = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) {
                rgb.setRGB(x, y, (x * 5) << 16 | (y * 6) << 8 | (x * y) % 256);
            }
        }
        ImageIO.write(rgb, "png", image.toFile());
        Path kept = dir.resolve("models").resolve("mini");
        Result imported = run("model", "import", "zfnet-mini", "--out", kept.toString());
        assertEquals(0, imported.code(), imported.err());
        Path spec = kept.resolve("zfnet-mini.json");
        Path weights = kept.resolve("zfnet-mini.safetensors");
        assertTrue(imported.out().startsWith("wrote " + spec + " ("), imported.out());
        assertTrue(imported.out().contains(" and " + weights + " ("), imported.out());
        assertTrue(imported.out().contains("use them with: --model " + spec + " --weights " + weights), imported.out());
        try (var files = Files.list(kept)) {
            assertEquals(List.of(".zfnet-output.json", "zfnet-mini.json", "zfnet-mini.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }

        Path shipped = dir.resolve("import-shipped");
        Path fromFiles = dir.resolve("import-files");
        assertEquals(0, run("forward", "--model", "zfnet-mini", "--input", image.toString(), "--out",
                shipped.toString()).code());
        Result forward = run("forward", "--model", spec.toString(), "--weights", weights.toString(), "--input",
                image.toString(), "--out", fromFiles.toString());
        assertEquals(0, forward.code(), forward.err());
        JsonNode report = new ObjectMapper().readTree(fromFiles.resolve("report.json").toFile());
        assertTrue(report.get("files").size() > 5, report.toString());
        report.get("files").fields().forEachRemaining(f -> {
            FloatArray a = Npy.readFloat32(shipped.resolve(f.getKey()));
            FloatArray b = Npy.readFloat32(fromFiles.resolve(f.getKey()));
            assertArrayEquals(a.shape(), b.shape(), f.getValue().asText());
            assertArrayEquals(a.data(), b.data(), f.getValue().asText() + ": the same network");
        });

        assertEquals(0, run("model", "import", "zfnet-mini", "--out", kept.toString()).code(),
                "an earlier import is replaced");
        Files.writeString(kept.resolve("notes.txt"), "reviewed");
        Result foreign = run("model", "import", "zfnet-mini", "--out", kept.toString());
        assertEquals(2, foreign.code());
        assertTrue(foreign.err().contains("holds files zfnet did not write (notes.txt)"), foreign.err());
    }

    @Test
    void badInputsGiveOneLineAndExitTwo() throws Exception {
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, new FloatArray(new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]));
        Result r = run("forward", "--model", "zfnet", "--input", wrong.toString(), "--out", dir.resolve("w").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().strip().endsWith("shape [1, 3, 32, 32] does not fit model zfnet, which takes [N, 3, 224, 224]"),
                r.err());
        Result tap = run("forward", "--model", "zfnet", "--input", wrong.toString(), "--taps", "conv9", "--out",
                dir.resolve("w").toString());
        assertEquals(2, tap.code());
        Result model = run("model", "summary", "--model", "nosuchmodel");
        assertEquals(2, model.code());
        assertEquals("zfnet: unknown model 'nosuchmodel'; --model takes a built-in model (" + BUILT_IN + "), a spec "
                + ".json file or an .onnx file", model.err().strip());
        Path missing = dir.resolve("missing.onnx");
        Result onnx = run("model", "summary", "--model", missing.toString());
        assertEquals(2, onnx.code());
        assertEquals("zfnet: --model " + missing + ": no such file; --model takes a built-in model (" + BUILT_IN + "), "
                + "a spec .json file or an .onnx file", onnx.err().strip());
        Result other = run("model", "summary", "--model", wrong.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().strip().startsWith("zfnet: --model " + wrong + ": neither a .json spec nor an .onnx file"),
                other.err());
        Path badSpec = dir.resolve("bad.json");
        Files.writeString(badSpec, TINY_SPEC.replace("\"kernel\" : 7", "\"kernel\" : 70"));
        Result spec = run("model", "summary", "--model", badSpec.toString());
        assertEquals(2, spec.code());
        assertTrue(spec.err().contains("layer 0 'conv1' (conv): kernel 70 does not fit input 63 with padding 1"), spec.err());
        Result few = run("demo", "--out", dir.resolve("d").toString(), "--images-per-class", "0");
        assertEquals(2, few.code());
        assertEquals("zfnet: --images-per-class must be 1 to 1000, got 0", few.err().strip());
        Result file = run("demo", "--out", badSpec.toString());
        assertEquals(2, file.code());
        assertEquals("zfnet: --out " + badSpec + " is a file, not a folder", file.err().strip());
        Path foreign = Files.createDirectories(dir.resolve("foreign").resolve("samples"));
        Result notOurs = run("demo", "--out", foreign.getParent().toString());
        assertEquals(2, notOurs.code());
        assertEquals("zfnet: --out " + foreign.getParent() + " holds files zfnet did not write (samples); zfnet "
                + "replaces only its own output folders: choose another folder", notOurs.err().strip());
    }

    @Test
    void generateADatasetTrainOnItAndTheShippedDemoModelRecognisesItsImages() throws Exception {
        Path data = dir.resolve("procedural");
        Result gen = run("dataset", "generate", "--out", data.toString(), "--train", "4", "--val", "2", "--size", "72");
        assertEquals(0, gen.code(), gen.err());
        assertTrue(Files.isRegularFile(data.resolve("train/annotations.json")));
        assertTrue(Files.isRegularFile(data.resolve("val/face/face_00001.png")));

        Path spec = dir.resolve("tiny6.json");
        Files.writeString(spec, TINY_SPEC.replace("\"out\" : 10", "\"out\" : 6"));
        Path runDir = dir.resolve("run");
        Result train = run("train", "--model", spec.toString(), "--data", data.toString(), "--out", runDir.toString(),
                "--epochs", "2", "--batch", "8", "--init", "he", "--checkpoints", "1");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains("epoch 2: train loss"), train.err());
        assertTrue(train.out().startsWith("trained zfnet-tiny"), train.out());
        for (String f : new String[] {"model.safetensors", "checkpoint-epoch-1.safetensors", "last.safetensors",
            "last.state.safetensors", "spec.json", "training.json"}) {
            assertTrue(Files.isRegularFile(runDir.resolve(f)), f);
        }

        Path faces = dir.resolve("faces");
        assertEquals(0, run("dataset", "generate", "--out", faces.toString(), "--train", "1", "--val", "1",
                "--seed", "99").code());
        Path out = dir.resolve("mini");
        Result forward = run("forward", "--model", "zfnet-mini", "--input", faces.resolve("val/face").toString(),
                faces.resolve("val/car").toString(), "--out", out.toString(), "--taps", "prob");
        assertEquals(0, forward.code(), forward.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.get("weights").asText().startsWith("weights shipped with zfnet-mini"), report.toString());
        assertEquals("face", report.at("/inputs/0/top5/0/label").asText());
        assertEquals("car", report.at("/inputs/1/top5/0/label").asText());
    }

    @Test
    void deconvOnTheDemoModelProjectsMinesAndShowsFilters() throws Exception {
        Path data = dir.resolve("deconv-data");
        assertEquals(0, run("dataset", "generate", "--out", data.toString(), "--train", "1", "--val", "3").code());
        Path out = dir.resolve("deconv-one");
        Result one = run("analyze", "deconv", "--input", data.resolve("val/face/face_00000.png").toString(), "--layer",
                "conv5", "--out", out.toString());
        assertEquals(0, one.code(), one.err());
        assertArrayEquals(new long[] {1, 3, 112, 112}, Npy.readFloat32(out.resolve("projection.npy")).shape());
        for (String f : new String[] {"projection.png", "input-0.png", "report.json", "index.html"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("conv5", report.at("/projections/0/layer").asText());
        assertEquals(4, report.at("/projections/0/field").size());

        Path mined = dir.resolve("deconv-top");
        Result top = run("analyze", "deconv", "--input", data.resolve("val").toString() + "/face",
                data.resolve("val").toString() + "/car", "--layer", "conv2", "--top", "4", "--channels", "0-3",
                "--out", mined.toString());
        assertEquals(0, top.code(), top.err());
        assertTrue(Files.isRegularFile(mined.resolve("conv2-top4.png")));
        assertArrayEquals(new long[] {4, 4}, Npy.readFloat32(mined.resolve("top_values.npy")).shape());

        Result filters = run("analyze", "deconv", "--filters", "--out", dir.resolve("filters").toString());
        assertEquals(0, filters.code(), filters.err());
        assertTrue(Files.isRegularFile(dir.resolve("filters/conv1-filters.png")));
        Result bad = run("analyze", "deconv", "--input", data.resolve("val/face").toString(), "--layer", "fc7",
                "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("use a tap up to pool5"), bad.err());
    }

    @Test
    void occlusionOnTheDemoModelWritesTheThreeMapsAndTheAttribution() throws Exception {
        Path data = dir.resolve("occlusion-data");
        assertEquals(0, run("dataset", "generate", "--out", data.toString(), "--train", "1", "--val", "2").code());
        Path out = dir.resolve("occlusion");
        Result r = run("analyze", "occlusion", "--input", data.resolve("val/face").toString(), "--patch", "24",
                "--stride", "12", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new long[] {2, 8, 8}, Npy.readFloat32(out.resolve("class_probability.npy")).shape(),
                "two inputs, (112 - 24) / 12 + 1 = 8 positions per axis");
        assertArrayEquals(new long[] {2, 112, 112}, Npy.readFloat32(out.resolve("attribution.npy")).shape());
        assertEquals("<i4", Npy.read(out.resolve("top_class.npy")).descr());
        for (String f : new String[] {"class-probability-0.png", "feature-activation-0.png", "top-class-0.png",
            "attribution-0.png", "projection-0.png", "index.html"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, report.get("annotated_inputs").asInt());
        assertEquals("face", report.at("/inputs/0/target_label").asText());
        assertTrue(report.at("/inputs/0/lowest_overlaps_object").isBoolean());

        Result bad = run("analyze", "occlusion", "--input", data.resolve("val/face").toString(), "--patch", "300",
                "--out", dir.resolve("occlusion-bad").toString());
        assertEquals(2, bad.code());
        assertEquals("zfnet: patch 300 exceeds input 112x112", bad.err().strip());
    }

    @Test
    void correspondenceAndInvarianceOnTheDemoModel() throws Exception {
        Path data = dir.resolve("parts-data");
        assertEquals(0, run("dataset", "generate", "--out", data.toString(), "--train", "1", "--val", "4").code());
        Path corr = dir.resolve("correspondence");
        Result c = run("analyze", "correspondence", "--input", data.resolve("val/face").toString(), "--part",
                "left_eye,nose", "--layers", "conv5,fc7", "--random", "2", "--out", corr.toString());
        assertEquals(0, c.code(), c.err());
        JsonNode report = new ObjectMapper().readTree(corr.resolve("report.json").toFile());
        assertTrue(report.at("/parts/left_eye/delta/conv5").isNumber(), report.toString());
        assertTrue(report.at("/parts/nose/random/fc7/mean").isNumber(), report.toString());
        assertTrue(Files.readString(corr.resolve("table.md")).contains("| left_eye |"));
        Result boxes = run("analyze", "correspondence", "--input", data.resolve("val/car").toString(), "--boxes",
                "10,10,20,20", "5,5,20,20", "--out", dir.resolve("boxes").toString());
        assertEquals(2, boxes.code());
        assertEquals("zfnet: --boxes gives 2 boxes for 4 inputs; give one per input, in input order", boxes.err().strip());
        Result wrongPart = run("analyze", "correspondence", "--input", data.resolve("val/car").toString(), "--part",
                "nose", "--out", dir.resolve("nope").toString());
        assertEquals(2, wrongPart.code());
        assertTrue(wrongPart.err().contains("has no part 'nose'"), wrongPart.err());

        Path inv = dir.resolve("invariance");
        Result i = run("analyze", "invariance", "--input", data.resolve("val/boat").toString(), "--transform", "rotate",
                "--steps", "4", "--out", inv.toString());
        assertEquals(0, i.code(), i.err());
        assertArrayEquals(new long[] {2, 4, 4}, Npy.readFloat32(inv.resolve("normalised_distance.npy")).shape());
        assertTrue(Files.isRegularFile(inv.resolve("rotate-probability.png")));
        assertTrue(Files.readString(inv.resolve("rotate.csv")).startsWith("input,class,value,"));
    }

    static final String TINY_SPEC = """
            {
              "name" : "zfnet-tiny",
              "description" : "ZFNet's layer sequence at reduced width",
              "input" : [ 3, 63, 63 ],
              "preprocessing" : { "resize" : 72, "mean" : [ 0.5, 0.5, 0.5 ], "std" : [ 0.25, 0.25, 0.25 ] },
              "layers" : [
                { "type" : "conv", "name" : "conv1", "out" : 6, "kernel" : 7, "stride" : 2, "pad" : 1 },
                { "type" : "relu" },
                { "type" : "maxpool", "name" : "pool1", "kernel" : 3, "stride" : 2, "ceil" : true },
                { "type" : "lrn", "name" : "norm1", "size" : 5, "alpha" : 1.0E-4, "beta" : 0.75, "k" : 2.0 },
                { "type" : "conv", "name" : "conv2", "out" : 16, "kernel" : 5, "stride" : 2, "pad" : 0 },
                { "type" : "relu" },
                { "type" : "maxpool", "name" : "pool2", "kernel" : 3, "stride" : 2, "ceil" : true },
                { "type" : "lrn", "name" : "norm2", "size" : 5, "alpha" : 1.0E-4, "beta" : 0.75, "k" : 2.0 },
                { "type" : "conv", "name" : "conv3", "out" : 24, "kernel" : 3, "stride" : 1, "pad" : 1 },
                { "type" : "relu" },
                { "type" : "conv", "name" : "conv4", "out" : 24, "kernel" : 3, "stride" : 1, "pad" : 1 },
                { "type" : "relu" },
                { "type" : "conv", "name" : "conv5", "out" : 16, "kernel" : 3, "stride" : 1, "pad" : 1 },
                { "type" : "relu" },
                { "type" : "maxpool", "name" : "pool5", "kernel" : 3, "stride" : 2, "ceil" : true },
                { "type" : "linear", "name" : "fc6", "out" : 32 },
                { "type" : "relu" },
                { "type" : "dropout", "p" : 0.5 },
                { "type" : "linear", "name" : "fc7", "out" : 32 },
                { "type" : "relu" },
                { "type" : "dropout", "p" : 0.5 },
                { "type" : "linear", "name" : "fc8", "out" : 10 },
                { "type" : "softmax", "name" : "prob" }
              ]
            }
            """;
}
