package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The distribution's {@code bin/zfnet} run the way a user runs it: exit codes, one-line errors. */
class LauncherScriptIT {

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run zfnet(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(TestDistribution.dist().home().resolve("bin/zfnet").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "zfnet " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static Run zfnet(String... args) throws IOException, InterruptedException {
        return zfnet(Map.of(), null, args);
    }

    private static boolean cudaUsable() {
        return "usable".equals(TestDistribution.statuses().get("cuda"));
    }

    @Test
    void backendsListsCpuUsableAndCudaWithItsReason() throws Exception {
        Run run = zfnet("backends");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("cpu      usable"), run.out());
        assertTrue(run.out().contains("ND4J backend:  org.nd4j.linalg.cpu.nativecpu.CpuBackend")
                || run.out().contains("org.nd4j.linalg.jcublas.JCublasBackend"), run.out());
        assertTrue(run.out().contains("oneDNN:"), run.out());
        if (!cudaUsable()) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("cuda     unusable: ")), run.out());
        }
        assertEquals("", run.err(), "nothing on standard error");
    }

    @Test
    void cudaOnAMachineWithoutAUsableGpuExitsTwoWithOneLine() throws Exception {
        assumeFalse(cudaUsable(), "this machine has a usable GPU");
        Run run = zfnet("--backend", "cuda", "backends");
        assertEquals(2, run.code());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("zfnet: the cuda backend is unusable: "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void cudaFailureInsideTheContainerIsOneLineToo() throws Exception {
        assumeFalse(cudaUsable(), "this machine has a usable GPU");
        assumeTrue(!TestDistribution.dist().bundleJars("backend-cuda").isEmpty(), "built with -DskipCuda");
        // skip the launcher's check, so that ND4J itself tries and fails to load the CUDA natives
        Run run = zfnet(Map.of("ZFNET_JAVA_OPTS", "-Dzfnet.backend.probe=false"), null, "--backend", "cuda", "backends");
        assertEquals(2, run.code());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("zfnet: the cuda backend cannot start: ND4J could not load its natives ("),
                run.err());
    }

    @Test
    void badInputGivesOneLineAndExitCodeTwo() throws Exception {
        for (String[] args : new String[][] {{"backends", "--bogus"}, {"--backend", "gpu", "plugins"},
            {"no-such-command"}, {}}) {
            Run run = zfnet(args);
            assertEquals(2, run.code(), String.join(" ", args));
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().startsWith("zfnet: "), run.err());
        }
        Run missing = zfnet("--plugins", "/no/such/folder", "plugins");
        assertEquals(2, missing.code());
        assertEquals("zfnet: plugins folder /no/such/folder does not exist", missing.err().strip());
    }

    @Test
    void shellRunsZfnetAndGogoCommandsThenStopsTheFramework() throws Exception {
        Path filters = Files.createTempDirectory("zfnet-shell").resolve("filters");
        Run run = zfnet(Map.of(), "zfnet:plugins\nlb\nzfnet:analyze deconv --filters --out " + filters + "\n", "shell");
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isRegularFile(filters.resolve("conv1-filters.png")), "zfnet:analyze wrote its files: " + run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.contains("deconv ") && l.contains("org.zfnet.plugin.deconv")),
                run.out());
        assertTrue(run.out().contains("zfnet CPU backend service"), run.out());
        assertTrue(run.out().contains("Apache Felix Gogo Shell"), run.out());
    }

    @Test
    void helpListsCommandsAndLauncherOptions() throws Exception {
        Run run = zfnet("--help");
        assertEquals(0, run.code());
        for (String expected : new String[] {"--backend=cpu|cuda|auto", "--plugins=DIR", "--verbose", "backends",
            "plugins"}) {
            assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
        }
    }

    @Test
    void verboseSaysWhichBackendIsActive() throws Exception {
        Run run = zfnet("--verbose", "plugins");
        assertEquals(0, run.code());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("zfnet: backend cpu active: ")
                && l.contains("ND4J org.nd4j.linalg.cpu.nativecpu.CpuBackend") && l.contains("oneDNN on")), run.err());
    }

}
