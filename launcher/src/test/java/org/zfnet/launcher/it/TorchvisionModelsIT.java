package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * The built-in torchvision models, {@code --labels} and {@code --preprocess} in a container booted from the
 * distribution: the models are listed, {@code forward} names the classes from the file (ImageNet's without one) and
 * records the preprocessing it used in report.json; a labels file of the wrong length or a bad preprocessing is refused
 * with one line, exit 2.
 */
class TorchvisionModelsIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();

    static Path image;

    @BeforeAll
    static void image() throws Exception {
        image = dir.resolve("checks.png");
        BufferedImage checks = new BufferedImage(320, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < checks.getHeight(); y++) {
            for (int x = 0; x < checks.getWidth(); x++) {
                checks.setRGB(x, y, (x / 16 + y / 16) % 2 == 0 ? 0xe0c020 : 0x3050a0);
            }
        }
        ImageIO.write(checks, "png", image.toFile());
    }

    @Test
    void modelListShowsTheTorchvisionModelsWithADescriptionEach() throws Exception {
        Result r = container.run("model", "list");
        assertEquals(0, r.code(), r.err());
        for (String model : List.of("alexnet", "vgg16", "vgg16_bn", "resnet18", "resnet34", "resnet50", "resnet101",
                "squeezenet1_1", "mobilenet_v2", "densenet121")) {
            String line = r.out().lines().filter(l -> l.startsWith(model + " ")).findFirst().orElse("");
            assertTrue(line.contains("3x224x224") && line.contains("torchvision 0.14 names"), model + ": " + r.out());
        }
    }

    @Test
    void forwardNamesTheClassesFromTheLabelsFileAndRecordsThePreprocessing() throws Exception {
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, IntStream.range(0, 1000).mapToObj(i -> "thing " + i + "  ")
                .collect(Collectors.joining("\n", "", "\n\n")));
        Path out = dir.resolve("labelled");
        Result r = container.run("forward", "--model", "resnet18", "--input", image.toString(), "--labels",
                labels.toString(), "--taps", "layer4.1,fc,prob", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        for (JsonNode top : report.at("/inputs/0/top5")) {
            assertEquals("thing " + top.get("class").asInt(), top.get("label").asText());
        }
        assertEquals("{\"resize\":256,\"crop\":[224,224],\"mean\":[0.485,0.456,0.406],\"std\":[0.229,0.224,0.225]}",
                report.get("preprocessing").toString(), "torchvision's way, the model's own");

        Path plain = dir.resolve("imagenet");
        Result own = container.run("forward", "--model", "resnet18", "--input", image.toString(), "--preprocess",
                "unit,resize=240", "--taps", "prob", "--out", plain.toString());
        assertEquals(0, own.code(), own.err());
        JsonNode ownReport = new ObjectMapper().readTree(plain.resolve("report.json").toFile());
        assertEquals("{\"resize\":240,\"crop\":[224,224],\"mean\":[0.0,0.0,0.0],\"std\":[1.0,1.0,1.0]}",
                ownReport.get("preprocessing").toString());
        String label = ownReport.at("/inputs/0/top5/0/label").asText();
        assertTrue(!label.isEmpty() && !label.startsWith("class "), "ImageNet's class names without --labels: " + label);
    }

    @Test
    void aLabelsFileOfTheWrongLengthOrABadPreprocessingIsOneLineAndExitTwo() throws Exception {
        Path three = dir.resolve("three.txt");
        Files.writeString(three, "cat\ndog\nbird\n");
        Result r = container.run("forward", "--model", "resnet18", "--input", image.toString(), "--labels",
                three.toString(), "--out", dir.resolve("no").toString());
        assertEquals(2, r.code());
        assertEquals("zfnet: --labels " + three + ": 3 class names for model resnet18's 1000 outputs (one name a line)",
                r.err().strip());
        Result bad = container.run("analyze", "occlusion", "--model", "resnet18", "--input", image.toString(),
                "--preprocess", "resize=100", "--out", dir.resolve("no2").toString());
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("--preprocess 'resize=100': resize=100 is smaller than model resnet18's 224x224 "
                + "input"), bad.err());
    }
}
