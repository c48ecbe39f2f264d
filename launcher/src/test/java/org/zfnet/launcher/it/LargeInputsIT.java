package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * Many inputs, bounded memory: {@code zfnet forward} streams its inputs in {@code --batch}es and its taps into their
 * files batch after batch; {@code zfnet analyze deconv --top k} allocates for the hits found, not for {@code k}.
 */
class LargeInputsIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();

    private static Path folder;

    @BeforeAll
    static void smallImages() throws IOException {
        folder = images(dir.resolve("images"), 150, 1);
    }

    /** {@code count} noisy 32x32 PNGs with a bright square somewhere, seeded. */
    private static Path images(Path into, int count, long seed) throws IOException {
        Files.createDirectories(into);
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            int y0 = random.nextInt(24);
            int x0 = random.nextInt(24);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean square = y >= y0 && y < y0 + 8 && x >= x0 && x < x0 + 8;
                    image.setRGB(x, y, square ? 0xf0e040 : random.nextInt(0x1000000));
                }
            }
            ImageIO.write(image, "png", into.resolve(String.format("img_%05d.png", i)).toFile());
        }
        return into;
    }

    private static Result run(String... args) throws Exception {
        return container.run(args);
    }

    private static void assertClose(FloatArray expected, FloatArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        for (int i = 0; i < expected.data().length; i++) {
            float e = expected.data()[i];
            assertEquals(e, actual.data()[i], 1e-5f + 1e-4f * Math.abs(e), what + " at " + i);
        }
    }

    @Test
    void forwardInBatchesGivesTheTapsAndTopFiveOfOneImageAtATimeAndShowsProgress() throws Exception {
        Path batched = dir.resolve("batched");
        Result r = run("forward", "--input", folder.toString(), "--batch", "16", "--taps", "pool2,fc7,prob",
                "--out", batched.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("forward [####################] 100% 150/150 inputs"), r.err());
        JsonNode report = new ObjectMapper().readTree(batched.resolve("report.json").toFile());
        assertEquals(150, report.get("inputs").size());
        assertEquals(150, report.at("/taps/prob/0").asInt(), "taps of every input");
        FloatArray pool2 = Npy.readFloat32(batched.resolve("pool2.npy"));
        FloatArray fc7 = Npy.readFloat32(batched.resolve("fc7.npy"));
        FloatArray prob = Npy.readFloat32(batched.resolve("prob.npy"));
        assertEquals(150, pool2.shape()[0]);
        assertEquals(150, prob.shape()[0]);
        // the first image, one of the middle of a batch, and the last of the last, short batch (150 = 9 x 16 + 6)
        for (int i : new int[] {0, 37, 149}) {
            Path one = dir.resolve("one-" + i);
            Path image = folder.resolve(String.format("img_%05d.png", i));
            Result single = run("forward", "--input", image.toString(), "--taps", "pool2,fc7,prob", "--out",
                    one.toString());
            assertEquals(0, single.code(), single.err());
            assertClose(Npy.readFloat32(one.resolve("pool2.npy")), slice(pool2, i), "pool2 of input " + i);
            assertClose(Npy.readFloat32(one.resolve("fc7.npy")), slice(fc7, i), "fc7 of input " + i);
            assertClose(Npy.readFloat32(one.resolve("prob.npy")), slice(prob, i), "prob of input " + i);
            JsonNode alone = new ObjectMapper().readTree(one.resolve("report.json").toFile()).at("/inputs/0");
            JsonNode inBatch = report.at("/inputs/" + i);
            assertEquals(alone.get("name"), inBatch.get("name"));
            for (int k = 0; k < 5; k++) {
                assertEquals(alone.at("/top5/" + k + "/class").asInt(), inBatch.at("/top5/" + k + "/class").asInt(),
                        "input " + i + " rank " + k);
                assertEquals(alone.at("/top5/" + k + "/probability").floatValue(),
                        inBatch.at("/top5/" + k + "/probability").floatValue(), 1e-5f);
            }
        }
    }

    /** Input {@code i} of a batch array, as the batch of one that a run on that input alone writes. */
    private static FloatArray slice(FloatArray batch, int i) {
        long[] shape = batch.shape().clone();
        int per = batch.data().length / (int) shape[0];
        shape[0] = 1;
        return new FloatArray(shape, java.util.Arrays.copyOfRange(batch.data(), i * per, (i + 1) * per));
    }

    @Test
    void severalNpyFilesAreOneBatchInTheOrderGiven() throws Exception {
        int[] sizes = {3, 1, 5};
        int per = 3 * 112 * 112;
        float[] all = new float[9 * per];
        Random random = new Random(9);
        for (int i = 0; i < all.length; i++) {
            all[i] = (float) random.nextGaussian();
        }
        Path whole = dir.resolve("all9.npy");
        Npy.write(whole, new FloatArray(new long[] {9, 3, 112, 112}, all));
        String[] parts = new String[sizes.length];
        int at = 0;
        for (int k = 0; k < sizes.length; k++) {
            Path part = dir.resolve("part" + k + ".npy");
            Npy.write(part, new FloatArray(new long[] {sizes[k], 3, 112, 112},
                    java.util.Arrays.copyOfRange(all, at * per, (at + sizes[k]) * per)));
            parts[k] = part.toString();
            at += sizes[k];
        }
        Path one = dir.resolve("npy-one-file");
        Path several = dir.resolve("npy-three-files");
        Result a = run("forward", "--input", whole.toString(), "--taps", "conv2,fc8", "--out", one.toString());
        assertEquals(0, a.code(), a.err());
        Result b = run("forward", "--input", parts[0], parts[1], parts[2], "--batch", "2", "--taps", "conv2,fc8",
                "--out", several.toString());
        assertEquals(0, b.code(), b.err());
        for (String tap : List.of("conv2", "fc8")) {
            assertClose(Npy.readFloat32(one.resolve(tap + ".npy")), Npy.readFloat32(several.resolve(tap + ".npy")), tap);
        }
        JsonNode report = new ObjectMapper().readTree(several.resolve("report.json").toFile());
        assertEquals(9, report.get("inputs").size());
        assertEquals("part0.npy[2]", report.at("/inputs/2/name").asText());
        assertEquals("part1.npy[0]", report.at("/inputs/3/name").asText());
        assertEquals("part2.npy[4]", report.at("/inputs/8/name").asText());
    }

    @Test
    void anNpyBatchInBatchesGivesWhatItGivesInOne() throws Exception {
        int n = 21;
        float[] x = new float[n * 3 * 112 * 112];
        Random random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        Path input = dir.resolve("batch.npy");
        Npy.write(input, new FloatArray(new long[] {n, 3, 112, 112}, x));
        Path whole = dir.resolve("npy-whole");
        Path batched = dir.resolve("npy-batched");
        Result one = run("forward", "--input", input.toString(), "--batch", "64", "--taps", "conv1,norm2,fc8", "--out",
                whole.toString());
        assertEquals(0, one.code(), one.err());
        Result many = run("forward", "--input", input.toString(), "--batch", "4", "--taps", "conv1,norm2,fc8", "--out",
                batched.toString());
        assertEquals(0, many.code(), many.err());
        for (String tap : List.of("conv1", "norm2", "fc8")) {
            assertClose(Npy.readFloat32(whole.resolve(tap + ".npy")), Npy.readFloat32(batched.resolve(tap + ".npy")), tap);
        }
        JsonNode a = new ObjectMapper().readTree(whole.resolve("report.json").toFile());
        JsonNode b = new ObjectMapper().readTree(batched.resolve("report.json").toFile());
        assertEquals(a.get("taps"), b.get("taps"));
        assertEquals(n, b.get("inputs").size());
        assertEquals("batch.npy[20]", b.at("/inputs/20/name").asText());
        for (int i = 0; i < n; i++) {
            assertEquals(a.at("/inputs/" + i + "/top5/0/class"), b.at("/inputs/" + i + "/top5/0/class"), "input " + i);
        }
    }

    @Test
    void aBatchBelowOneIsRefusedInOneLine() throws Exception {
        Result r = run("forward", "--input", folder.toString(), "--batch", "0", "--out", dir.resolve("zero").toString());
        assertEquals(2, r.code());
        assertEquals(List.of("zfnet: --batch must be at least 1, got 0"), r.err().lines().toList());
    }

    @Test
    void deconvTopFarPastTheInputsIsSizedByTheInputs() throws Exception {
        Path data = dir.resolve("six");
        assertEquals(0, run("dataset", "generate", "--out", data.toString(), "--train", "1", "--val", "1").code());
        for (String k : List.of("5000", "100000")) {
            Path out = dir.resolve("top-" + k);
            Result r = run("analyze", "deconv", "--input", data.resolve("val").toString(), "--layer", "conv5", "--top",
                    k, "--channels", "0-7", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertEquals(Integer.parseInt(k), report.get("k").asInt(), "the k asked for");
            int found = report.get("hits_found").asInt();
            assertTrue(found >= 1 && found <= 6, "at most one hit per input of 6: " + found);
            int most = 0;
            for (JsonNode channel : report.get("channels")) {
                most = Math.max(most, channel.get("hits").size());
            }
            assertEquals(most, found, "the most hits of any channel");
            // slots for the six inputs, not for k
            assertArrayEquals(new long[] {8, 6}, Npy.readFloat32(out.resolve("top_values.npy")).shape());
            assertEquals(6, Npy.read(out.resolve("top_projections.npy")).shape()[1]);
            assertTrue(Files.isRegularFile(out.resolve("conv5-top" + k + ".png")));
        }
    }

    /**
     * Peak resident memory of {@code bin/zfnet forward} over 1,500 images with {@code --taps prob}, read from
     * {@code VmHWM}: one batch at a time stays far below the bound; the whole set as one batch (the old way) went
     * past it (400 MB against 2.1 GB measured side by side; the README gives the figures).
     */
    @Test
    void forwardOverAThousandFiveHundredImagesStaysUnderOnePointTwoGigabytes() throws Exception {
        Path many = images(dir.resolve("many"), 1_500, 2);
        Path out = dir.resolve("many-out");
        Process p = new ProcessBuilder(TestDistribution.dist().home().resolve("bin/zfnet").toString(), "--backend",
                "cpu", "forward", "--input", many.toString(), "--taps", "prob", "--out", out.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("many.err").toFile()).start();
        long peak = 0;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, hwmKilobytes(status));
        }
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("many.err")));
        assertEquals(1_500, new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("inputs").size());
        assertTrue(peak > 0, "VmHWM was read");
        assertTrue(peak < BOUND_KB, "peak RSS " + peak / 1024 + " MB, bound " + BOUND_KB / 1024 + " MB");
    }

    private static final long BOUND_KB = 1_200L * 1024;

    /** The process's peak resident set so far, 0 once it is gone. */
    private static long hwmKilobytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended between the check and the read
        }
        return 0;
    }
}
