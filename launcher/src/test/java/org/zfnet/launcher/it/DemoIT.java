package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.launcher.Container;

/**
 * {@code zfnet demo} in a container booted from the distribution, with the example plugin dropped in: every plugin
 * gets its sections, every figure is a decodable image, the printed commands regenerate the results, and (where
 * Chromium is installed) the report renders in a browser with no broken image.
 */
class DemoIT {

    @TempDir
    static Path dir;
    private static Container container;
    private static Path out;
    private static String html;

    @BeforeAll
    static void runDemo() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.copy(TestDistribution.examplePlugin(), plugins.resolve("edge-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
        container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err);
        out = dir.resolve("demo");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = container.run(List.of("demo", "--out", out.toString(), "--images-per-class", "5"),
                new PrintStream(stdout, true), new PrintStream(stderr, true));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertEquals(0, code, printed + stderr.toString(StandardCharsets.UTF_8));
        assertTrue(printed.matches("(?s).*demo: 13 analyses \\(0 failed\\) in .*report: .*index.html.*"), printed);
        html = Files.readString(out.resolve("index.html"));
        assertTrue(Files.isRegularFile(out.resolve(".zfnet-output.json")), "the whole report is one zfnet output");
        try (java.util.stream.Stream<Path> beside = Files.list(dir)) {
            assertEquals(List.of(), beside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".demo"))
                    .toList(), "the report was staged beside --out and moved into place");
        }
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void everyPluginHasItsSectionsWithCaptionsAndCommands() {
        for (String title : List.of("Layer-1 filters", "Top-9 activations of conv1", "Top-9 activations of conv5",
                "Invariance to vertical translation", "Invariance to scale", "Invariance to rotation",
                "Occlusion sensitivity", "Correspondence of face parts", "edges", "Activation statistics")) {
            assertTrue(html.contains(". " + title + "</h2>"), "section " + title);
        }
        assertTrue(html.indexOf("Top-9 activations of conv5") < html.indexOf("Invariance to rotation")
                && html.indexOf("Invariance to rotation") < html.indexOf("Occlusion sensitivity")
                && html.indexOf("Occlusion sensitivity") < html.indexOf("Correspondence of face parts"), "the paper's order");
        assertEquals(12 + 1, count(html, "<pre>zfnet analyze "), "one command per section");
        assertTrue(html.contains("<table><tr><th>part</th>"), "the correspondence table is embedded");
        assertTrue(!html.contains("class=\"failed\""), "no failed section");
        assertTrue(!html.matches("(?s).*src=\"https?:.*") && !html.contains("<link"), "nothing loaded from the network");
    }

    @Test
    void everyEmbeddedFigureIsAnImageWithACaption() throws Exception {
        Matcher m = Pattern.compile("<img src=\"data:image/png;base64,([^\"]+)\" alt=\"[^\"]*\"[^>]*><figcaption[^>]*>([^<]+)"
                + "</figcaption>").matcher(html);
        int figures = 0;
        while (m.find()) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertNotNull(image, "figure " + figures + " decodes");
            assertTrue(image.getWidth() > 8 && image.getHeight() > 8);
            assertTrue(m.group(2).trim().length() > 10, "a caption of a sentence: " + m.group(2));
            figures++;
        }
        // 6 samples, filters, 5 top-9 grids, 3 x 3 invariance plots, 6 x 6 occlusion figures, 6 edge maps, 5 + 1 stats plots
        assertEquals(6 + 1 + 5 + 9 + 36 + 6 + 6, figures);
        assertEquals(figures, count(html, "<img "), "every image is embedded");
    }

    @Test
    void theReportedCommandRegeneratesTheResult() throws Exception {
        Matcher m = Pattern.compile("<pre>(zfnet analyze occlusion [^<]+)</pre>").matcher(html);
        assertTrue(m.find());
        List<String> words = new ArrayList<>(List.of(m.group(1).substring("zfnet ".length()).split(" ")));
        Path again = dir.resolve("occlusion-again");
        words.set(words.indexOf("--out") + 1, again.toString());
        assertEquals(0, container.run(words, System.out, System.err));
        FloatArray first = Npy.readFloat32(out.resolve("occlusion").resolve("class_probability.npy"));
        FloatArray second = Npy.readFloat32(again.resolve("class_probability.npy"));
        assertArrayEquals(first.shape(), second.shape());
        assertArrayEquals(first.data(), second.data(), 0f);
    }

    @Test
    void theReportRendersInAHeadlessBrowserWithNoBrokenImage() throws Exception {
        Chromium chromium = Chromium.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium)");
        Chromium.Page page = chromium.load(out.resolve("index.html"), dir.resolve("report.png"));
        System.out.printf("chromium: %d images, %d broken, %d px tall%n", page.images(), page.broken(), page.height());
        assertEquals(6 + 1 + 5 + 9 + 36 + 6 + 6, page.images());
        assertEquals(0, page.broken());
        assertTrue(page.height() > 5000, "the whole report is laid out: " + page.height());
        BufferedImage shot = ImageIO.read(dir.resolve("report.png").toFile());
        assertNotNull(shot, "a screenshot was taken");
        assertTrue(colours(shot) > 100, "the screenshot shows the report, not a blank page");
    }

    private static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
