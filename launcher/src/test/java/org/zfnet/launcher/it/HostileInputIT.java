package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;
import org.zfnet.formats.SafeTensors;
import org.zfnet.formats.TorchFiles;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * What a careless or hostile user tries after the plain bad inputs ({@link BadInputIT}): elongated, damaged and
 * non-finite inputs, pipes and unreadable files, a PyTorch file whose pickle would run code, options that make no
 * sense, folders of the user's own files as {@code --out}, full disks, killed runs. Each is refused in one line
 * (exit 2) or fails in one line (exit 1), before any work where it can be known, and never deletes or half-writes
 * anything.
 */
class HostileInputIT {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SharedContainer container = new SharedContainer();
    private static Path image;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @BeforeAll
    static void images() throws Exception {
        image = dir.resolve("rgb.png");
        ImageIO.write(noise(112, 112), "png", image.toFile());
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rgb.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return rgb;
    }

    private static Result run(String... args) throws Exception {
        return container.run(args);
    }

    private static void refused(String expected, String... args) throws Exception {
        container.refused(dir, expected, args);
    }

    // --- inputs --------------------------------------------------------------------------------------------------

    @Test
    void elongatedImagesAreRefusedBeforeTheyAreResized() throws Exception {
        Path strip = dir.resolve("strip.png");
        ImageIO.write(new BufferedImage(1, 100_000, BufferedImage.TYPE_BYTE_GRAY), "png", strip.toFile());
        assertTrue(Files.size(strip) < 2_000, "a small file: " + Files.size(strip));
        refused("strip.png: 1x100000 pixels is more elongated than zfnet takes (sides at most 100:1)", "forward",
                "--input", strip.toString());
        Path line = dir.resolve("line.png");
        ImageIO.write(new BufferedImage(2_000_000, 1, BufferedImage.TYPE_BYTE_GRAY), "png", line.toFile());
        refused("line.png: 2000000x1 pixels is more elongated", "forward", "--input", line.toString());
    }

    @Test
    void aTruncatedJpegIsRefused() throws Exception {
        Path whole = dir.resolve("whole.jpg");
        ImageIO.write(noise(112, 112), "jpg", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        refused("cut.jpg: damaged image (", "forward", "--input", cut.toString());
        Result whole0 = run("forward", "--input", whole.toString(), "--taps", "prob", "--out", dir.resolve("jpg").toString());
        assertEquals(0, whole0.code(), whole0.err());
    }

    @Test
    void nonFiniteInputsAreRefused() throws Exception {
        float[] data = new float[2 * 3 * 112 * 112];
        data[3 * 112 * 112 + 5] = Float.NaN;
        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, new FloatArray(new long[] {2, 3, 112, 112}, data));
        refused("nan.npy: holds NaN at index 37637 (input 1); inputs must be finite numbers", "analyze", "invariance",
                "--input", nan.toString());
        data[3 * 112 * 112 + 5] = 0;
        data[9] = Float.NEGATIVE_INFINITY;
        Path inf = dir.resolve("inf.npy");
        Npy.write(inf, new FloatArray(new long[] {2, 3, 112, 112}, data));
        refused("inf.npy: holds -Infinity at index 9 (input 0)", "forward", "--input", inf.toString());
    }

    @Test
    void pipesAndUnreadableFilesAreRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo.npy");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> refused(
                "fifo.npy: not a regular file (a pipe, device or socket); zfnet reads regular files only",
                "forward", "--input", fifo.toString()));
        Path weights = dir.resolve("fifo.safetensors");
        assertEquals(0, new ProcessBuilder("mkfifo", weights.toString()).start().waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> refused("fifo.safetensors: not a regular file",
                "forward", "--weights", weights.toString(), "--input", image.toString()));

        Path folder = Files.createDirectories(dir.resolve("locked-folder/class"));
        Files.copy(image, folder.resolve("a.png"));
        Path locked = folder.resolve("b.png");
        if (ROOT) {
            // root reads files whatever their mode; procfs still refuses to read a write-only entry
            Files.createSymbolicLink(locked, Path.of("/proc/sys/vm/compact_memory"));
        } else {
            Files.copy(image, locked);
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        }
        refused("input " + locked + ": cannot read: permission denied", "forward", "--input",
                folder.getParent().toString());
        Path pipeInFolder = Files.createDirectories(dir.resolve("piped-folder"));
        assertEquals(0, new ProcessBuilder("mkfifo", pipeInFolder.resolve("x.png").toString()).start().waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> refused("x.png: not a regular file", "forward",
                "--input", pipeInFolder.toString()));
    }

    @Test
    void symlinkedSubfoldersOfInputAreFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(image, elsewhere.resolve("b.png"));
        Path input = Files.createDirectories(dir.resolve("linked-input/real"));
        Files.copy(image, input.resolve("a.png"));
        Files.createSymbolicLink(input.resolveSibling("linked"), elsewhere);
        Path out = dir.resolve("linked-out");
        Result r = run("forward", "--input", input.getParent().toString(), "--taps", "prob", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(List.of("b.png", "a.png"), report.get("inputs").findValuesAsText("name"));
    }

    @Test
    void aPytorchFileThatWouldRunCodeIsRefusedAndNothingRuns() throws Exception {
        // evil.pth: torch.save of a dict whose pickle calls os.system('touch /tmp/zfnet-pwned') when torch.load
        // unpickles it (formats/src/test/python/torch_fixtures.py); pth-net: a spec and its torch.save(state_dict())
        Path marker = Path.of("/tmp/zfnet-pwned");
        Files.deleteIfExists(marker);
        Path spec = resource("pth-net.json");
        Path input = dir.resolve("pth-net-input.npy");
        float[] x = new float[2 * 3 * 8 * 8];
        Random random = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        Npy.write(input, new FloatArray(new long[] {2, 3, 8, 8}, x));
        refused("evil.pth!evil-os-system/data.pkl: refused global posix.system: only a state dict's tensors are read",
                "forward", "--model", spec.toString(), "--weights", resource("evil.pth").toString(), "--input",
                input.toString());
        assertFalse(Files.exists(marker), "the pickle ran");

        // the state dict gives what the same tensors give as safetensors
        Path pth = resource("pth-net.pth");
        Path safetensors = dir.resolve("pth-net.safetensors");
        Map<String, FloatArray> tensors = TorchFiles.read(pth).floats();
        SafeTensors.write(safetensors, tensors, Map.of());
        assertTrue(tensors.containsKey("features.1.running_var"), tensors.keySet().toString());
        float[][] prob = new float[2][];
        Path[] weights = {pth, safetensors};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("pth-net-" + i);
            Result r = run("forward", "--model", spec.toString(), "--weights", weights[i].toString(), "--input",
                    input.toString(), "--taps", "prob", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            prob[i] = Npy.readFloat32(out.resolve("prob.npy")).data();
        }
        assertEquals(2 * 5, prob[0].length);
        assertArrayEquals(prob[1], prob[0]);
    }

    /** A file of this package's test resources, copied into {@code dir}. */
    private static Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (var in = HostileInputIT.class.getResourceAsStream(name)) {
                Files.write(file, in.readAllBytes());
            }
        }
        return file;
    }

    // --- options -------------------------------------------------------------------------------------------------

    @Test
    void senselessOptionsAreRefusedBeforeAnyWork() throws Exception {
        String in = image.toString();
        refused("--fill must be a finite number, got NaN", "analyze", "occlusion", "--input", in, "--fill", "NaN");
        refused("--fill must be a finite number, got Infinity", "analyze", "invariance", "--input", in, "--fill",
                "Infinity");
        refused("--target-class must be at least -1, got -7", "analyze", "occlusion", "--input", in,
                "--target-class", "-7");
        refused("--batch must be at least 1, got 0", "analyze", "deconv", "--input", in, "--top", "9", "--batch", "0");
        refused("--batch must be at least 1, got 0", "analyze", "occlusion", "--input", in, "--batch", "0");
        // one line on standard error: no square was placed (no progress) before the refusal
        refused("--layer prob has no feature maps to watch (its output is [1, 6])", "analyze", "occlusion",
                "--input", in, "--layer", "prob");
    }

    @Test
    void theFirstProgressLineWaitsForARateBeforeItGivesAnEta() throws Exception {
        Result r = run("analyze", "occlusion", "--input", image.toString(), "--stride", "4", "--out",
                dir.resolve("eta").toString());
        assertEquals(0, r.code(), r.err());
        List<String> progress = r.err().lines().filter(l -> l.startsWith("occlusion (")).toList();
        assertTrue(!progress.isEmpty() && progress.get(0).endsWith("ETA estimating"), r.err());
        assertTrue(progress.stream().noneMatch(l -> l.matches(".*ETA \\d+h.*")), r.err());
    }

    @Test
    void modelInitNeverOverwritesSilentlyAndNamesAFolder() throws Exception {
        Path weights = Files.writeString(dir.resolve("mine.safetensors"), "the user's own file");
        Result again = run("model", "init", "--model", "zfnet-mini", "--out", weights.toString());
        assertEquals(2, again.code());
        assertEquals("zfnet: --out " + weights + " exists; add --force to replace it", again.err().strip());
        assertEquals("the user's own file", Files.readString(weights));
        Result forced = run("model", "init", "--model", "zfnet-mini", "--out", weights.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(Files.size(weights) > 100_000);

        Path folder = Files.createDirectories(dir.resolve("weights-folder"));
        Result intoFolder = run("model", "init", "--model", "zfnet-mini", "--out", folder.toString());
        assertEquals(2, intoFolder.code());
        assertEquals("zfnet: --out " + folder + " is a folder; give the file to write, e.g. "
                + folder.resolve("zfnet-mini.safetensors"), intoFolder.err().strip());
    }

    // --- outputs -------------------------------------------------------------------------------------------------

    @Test
    void aFolderOfTheUsersFilesIsNeverReplacedEvenWithAReportJson() throws Exception {
        Path project = Files.createDirectories(dir.resolve("myproject/sub"));
        Files.writeString(project.resolveSibling("thesis.tex"), "\\documentclass{article}");
        Files.writeString(project.resolveSibling("report.json"), "{}");
        Files.writeString(project.resolve("notes.txt"), "notes");
        Result r = run("forward", "--input", image.toString(), "--out", project.getParent().toString());
        assertEquals(2, r.code());
        assertEquals("zfnet: --out " + project.getParent() + " holds files zfnet did not write (report.json, "
                + "sub/notes.txt, thesis.tex); zfnet replaces only its own output folders: choose another folder",
                r.err().strip());
        assertEquals("\\documentclass{article}", Files.readString(project.resolveSibling("thesis.tex")));
        assertEquals("notes", Files.readString(project.resolve("notes.txt")));

        Path earlier = dir.resolve("earlier");
        assertEquals(0, run("forward", "--input", image.toString(), "--taps", "prob", "--out", earlier.toString()).code());
        assertTrue(Files.isRegularFile(earlier.resolve(".zfnet-output.json")));
        Result replaced = run("forward", "--input", image.toString(), "--taps", "fc8", "--out", earlier.toString());
        assertEquals(0, replaced.code(), replaced.err());
        assertFalse(Files.exists(earlier.resolve("prob.npy")), "a re-run replaces an earlier output as a whole");
        Files.writeString(earlier.resolve("my-notes.txt"), "mine");
        Result withNotes = run("forward", "--input", image.toString(), "--out", earlier.toString());
        assertEquals(2, withNotes.code());
        assertTrue(withNotes.err().contains("holds files zfnet did not write (my-notes.txt)"), withNotes.err());
        assertEquals("mine", Files.readString(earlier.resolve("my-notes.txt")));
    }

    @Test
    void anOutThatIsASymbolicLinkStaysOne() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real-out"));
        Path link = Files.createSymbolicLink(dir.resolve("link-out"), real);
        for (String taps : List.of("prob", "fc8")) {
            Result r = run("forward", "--input", image.toString(), "--taps", taps, "--out", link.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.isSymbolicLink(link), "still a link");
            assertTrue(Files.isRegularFile(real.resolve(taps + ".npy")), "written where the link points");
        }
    }

    @Test
    void anUnwritableParentIsReportedWithTheReason() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("read-only"));
        boolean immutable = ROOT && new ProcessBuilder("chattr", "+i", parent.toString()).start().waitFor() == 0;
        if (!immutable) {
            assumeTrue(!ROOT, "root without chattr cannot make a folder read-only");
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            Path out = parent.resolve("out");
            Result r = run("forward", "--input", image.toString(), "--out", out.toString());
            assertEquals(2, r.code());
            assertTrue(r.err().strip().matches("zfnet: cannot create --out folder " + out
                    + ": (permission denied|operation not permitted).*"), r.err());
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", parent.toString()).start().waitFor();
            }
        }
    }

    // --- datasets ------------------------------------------------------------------------------------------------

    @Test
    void datasetGenerationRefusesUserFoldersAndLeavesNothingWhenKilled() throws Exception {
        Path project = Files.createDirectories(dir.resolve("my-data"));
        Files.writeString(project.resolve("keep.txt"), "mine");
        Result r = run("dataset", "generate", "--out", project.toString(), "--train", "1", "--val", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("holds files zfnet did not write (keep.txt)"), r.err());

        Path out = dir.resolve("killed-dataset");
        Process p = TestDistribution.zfnetProcess("dataset", "generate", "--out", out.toString(), "--train", "400",
                "--val", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (imagesStaged(out) < 50 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive() && imagesStaged(out) >= 50, "killed while writing: " + Files.readString(dir.resolve("killed.log")));
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertFalse(Files.exists(out), "a killed generation leaves no dataset behind");
        Result again = run("dataset", "generate", "--out", out.toString(), "--train", "1", "--val", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.isRegularFile(out.resolve("val/annotations.json")));
        try (Stream<Path> beside = Files.list(dir)) {
            assertEquals(List.of(), beside.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(".killed-dataset")).toList(), "the killed run's staging folder is gone");
        }
    }

    /** Images written so far into the hidden staging folder beside {@code out}. */
    private static long imagesStaged(Path out) throws IOException {
        try (Stream<Path> all = Files.walk(out.getParent(), 4)) {
            return all.filter(f -> f.toString().contains("/." + out.getFileName() + ".part-")
                    && f.toString().endsWith(".png")).count();
        }
    }

    @Test
    void aFullDiskIsOneLineAndLeavesNothing() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small-disk"));
        assumeTrue(ROOT && new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", small.toString())
                .start().waitFor() == 0, "needs root to mount a small file system");
        try {
            Path out = small.resolve("dataset");
            Result r = run("dataset", "generate", "--out", out.toString(), "--train", "20", "--val", "0");
            assertEquals(1, r.code());
            List<String> lines = r.err().lines().filter(l -> l.startsWith("zfnet") || l.startsWith("\tat")
                    || l.contains("Exception")).toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).matches("zfnet: cannot write .*: no space left on device"), r.err());
            try (Stream<Path> left = Files.list(small)) {
                assertEquals(List.of(), left.toList(), "nothing left on the full disk");
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }
}
