package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.formats.FloatArray;
import org.zfnet.formats.Npy;

/**
 * Follows {@code docs/writing-a-plugin.md} as a newcomer would: writes the files it shows into an empty folder, runs
 * its shell steps in order (install the api and the test kit, build the plugin running its test, list it, run it),
 * then checks that the test ran and what the plugin wrote against the activations {@code zfnet forward} writes for
 * the same inputs.
 */
class WritingAPluginIT {

    private static final Pattern FILE_BLOCK = Pattern.compile("```\\w+ file=(\\S+)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path workspace;

    @Test
    void theGuideTakesANewcomerFromAnEmptyFolderToTheirPluginRunning() throws Exception {
        Path checkout = Path.of(System.getProperty("zfnet.checkout")).toRealPath();
        String guide = Files.readString(checkout.resolve("docs/writing-a-plugin.md"));
        int files = 0;
        for (Matcher m = FILE_BLOCK.matcher(guide); m.find(); files++) {
            Path file = workspace.resolve(m.group(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, m.group(2));
        }
        List<String> steps = new ArrayList<>();
        for (Matcher m = SHELL_BLOCK.matcher(guide); m.find(); ) {
            steps.add(m.group(1));
        }
        assertEquals(3, files, "the guide shows the POM, the class and its test");
        assertEquals(3, steps.size(), "install the api and the test kit, build and test, run");

        String printed = bash(checkout, String.join("\n", steps));
        assertTrue(printed.matches("(?s).*\\nsparsity +org\\.example\\.sparsity +1\\.0\\.0 +Fraction of units.*"), printed);
        assertTrue(printed.contains("wrote 4 files to out/sparsity"), printed);

        Path project = workspace.resolve("sparsity-plugin");
        String tests = Files.readString(project.resolve(
                "target/surefire-reports/TEST-org.example.sparsity.SparsityPluginTest.xml"));
        assertTrue(tests.matches("(?s).*<testsuite [^>]*tests=\"3\" errors=\"0\" skipped=\"0\" failures=\"0\".*"),
                "the guide's test ran its 3 tests, and they passed, with the test kit on the real CPU kernels:\n" + tests);
        JsonNode report = new ObjectMapper().readTree(project.resolve("out/sparsity/report.json").toFile());
        bash(checkout, "cd sparsity-plugin && \"$ZFNET/zfnet\" forward --input data/val --taps conv1,conv2,conv5 --out fw");
        for (String layer : List.of("conv1", "conv2", "conv5")) {
            FloatArray a = Npy.readFloat32(project.resolve("fw").resolve(layer + ".npy"));
            long[] s = a.shape();
            int channels = (int) s[1];
            int plane = (int) (s[2] * s[3]);
            long positive = 0;
            List<Integer> silent = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                boolean fired = false;
                for (int n = 0; n < s[0]; n++) {
                    for (int i = 0; i < plane; i++) {
                        if (a.data()[(n * channels + c) * plane + i] > 0) {
                            positive++;
                            fired = true;
                        }
                    }
                }
                if (!fired) {
                    silent.add(c);
                }
            }
            double expected = positive / (double) a.data().length;
            assertEquals(expected, report.get("active_fraction").get(layer).asDouble(), 1e-9, layer);
            List<Integer> reported = new ArrayList<>();
            report.get("never_active").get(layer).forEach(c -> reported.add(c.asInt()));
            assertEquals(silent, reported, layer);
        }
        assertTrue(Files.isRegularFile(project.resolve("out/sparsity/active-fraction.png")));
        assertTrue(Files.readString(project.resolve("out/sparsity/index.html")).contains("active-fraction.png"));
    }

    /** Runs the commands with bash, from the workspace, stopping at the first failure; returns what they printed. */
    private String bash(Path checkout, String script) throws IOException, InterruptedException {
        Path log = workspace.resolve("steps.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(workspace.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("ZFNET", checkout.toString());
        pb.environment().put("MAVEN_OPTS", (System.getenv().getOrDefault("MAVEN_OPTS", "") + " -Dmaven.repo.local="
                + System.getProperty("zfnet.maven.repo")).trim());
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print(printed);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished && p.exitValue() == 0, "the guide's steps failed:\n" + script + "\n---\n" + printed);
        return printed;
    }
}
