package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code bin/zfnet shell} session running analyses one after the other, as a user types them: the container loads
 * each network once and serves later runs from memory ({@code zfnet:networks} counts loads and hits), closing a run's
 * result leaves the shared network intact, and a weights file changed on disk is read again.
 */
class ShellNetworksIT {

    @Test
    void runsShareTheLoadedNetworkAndAChangedWeightsFileIsReadAgain(@TempDir Path dir) throws Exception {
        Path bin = TestDistribution.dist().home().resolve("bin/zfnet");
        Process export = new ProcessBuilder(bin.toString(), "model", "import", "zfnet-mini", "--out",
                dir.resolve("mini").toString()).redirectErrorStream(true).start();
        String exported = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(export.waitFor(120, TimeUnit.SECONDS) && export.exitValue() == 0, exported);
        Path weights = dir.resolve("mini/zfnet-mini.safetensors");

        try (Shell shell = new Shell(bin)) {
            for (String out : List.of("a", "b")) {
                shell.expect("deconv --filters --out " + dir.resolve(out), "wrote 4 files to " + dir.resolve(out));
            }
            for (String out : List.of("c", "d")) {
                shell.expect("deconv --filters --weights " + weights + " --out " + dir.resolve(out),
                        "wrote 4 files to " + dir.resolve(out));
            }
            String listed = shell.command("zfnet:networks");
            assertTrue(listed.contains("2 network(s) loaded") && listed.contains("2 load(s), 2 hit(s), 0 eviction(s)"),
                    listed);
            assertTrue(listed.lines().anyMatch(l -> l.startsWith("zfnet-mini") && l.contains("  0  ")
                    && l.contains(weights.toString())), "the file's network, held by no run:\n" + listed);

            Files.setLastModifiedTime(weights, FileTime.fromMillis(Files.getLastModifiedTime(weights).toMillis()
                    + 10_000));
            shell.expect("deconv --filters --weights " + weights + " --out " + dir.resolve("e"),
                    "wrote 4 files to " + dir.resolve("e"));
            String after = shell.command("zfnet:networks");
            assertTrue(after.contains("2 network(s) loaded") && after.contains("3 load(s), 2 hit(s)"),
                    "the changed file read again, the old network closed:\n" + after);
        }
        byte[] first = Files.readAllBytes(dir.resolve("a/conv1_weights.npy"));
        for (String out : List.of("b", "c", "d", "e")) {
            assertArrayEquals(first, Files.readAllBytes(dir.resolve(out + "/conv1_weights.npy")),
                    out + ": the same weights after the earlier runs' results were closed");
        }
    }

    /** The Gogo shell of the distribution, fed one command at a time. */
    private static final class Shell implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder err = new StringBuilder();
        private int markers;

        Shell(Path bin) throws IOException {
            process = new ProcessBuilder(bin.toString(), "shell").start();
            in = process.getOutputStream();
            collect(process.getInputStream(), out);
            collect(process.getErrorStream(), err);
        }

        private static void collect(InputStream stream, StringBuilder into) {
            Thread t = new Thread(() -> {
                try {
                    byte[] buffer = new byte[8192];
                    for (int n; (n = stream.read(buffer)) > 0; ) {
                        synchronized (into) {
                            into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** Runs {@code zfnet:analyze ARGS} and checks that standard output says {@code expected}. */
        void expect(String args, String expected) throws Exception {
            String said = command("zfnet:analyze " + args);
            assertTrue(said.contains(expected), args + ": expected '" + expected + "' in\n" + said + "\nstderr:\n"
                    + text(err));
        }

        /** Runs a shell command and returns what it printed on standard output. */
        String command(String line) throws Exception {
            int from = text(out).length();
            String marker = "done-" + (++markers);
            in.write((line + "\necho " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!text(out).substring(from).contains(marker)) {
                assertTrue(process.isAlive() && System.nanoTime() < deadline, line + ": no answer; stderr:\n"
                        + text(err));
                Thread.sleep(50);
            }
            String said = text(out).substring(from);
            return said.substring(0, said.indexOf(marker)).replace("g! ", "");
        }

        private static String text(StringBuilder b) {
            synchronized (b) {
                return b.toString();
            }
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            assertEquals(0, process.exitValue(), text(err));
        }
    }
}
