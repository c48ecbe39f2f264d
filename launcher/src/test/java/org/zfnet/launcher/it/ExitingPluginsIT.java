package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * Plugins that try to end the process ({@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt}, directly or
 * through reflection), and signals that stop a run: the exit code never says success for work not done, one line says
 * what happened, and no staging folder is left. Each case runs {@code bin/zfnet} in a process of its own, since a
 * failure here would end the test JVM.
 */
class ExitingPluginsIT {

    private static final String EXIT_FAILURE = "org.zfnet.launcher.spi.PluginExitException: called ";

    @TempDir
    Path temp;

    @Test
    void aPluginCannotEndZfnetFromRunOrFromItsConstructorAndTheOtherCommandsWork() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        FaultyPlugins.drop(FaultyPlugins.build(jars, "exiting", FaultyPlugins.EXITING, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "halting", FaultyPlugins.HALTING, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "sneaky", FaultyPlugins.SNEAKY, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "exitborn", "return null;", "", "System.exit(3);"), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "haltborn", "return null;", "", "Runtime.getRuntime().halt(3);"),
                plugins);

        Result listed = zfnet(plugins, "plugins");
        assertEquals(0, listed.code(), listed.err());
        List<String> lines = listed.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("exiting ")), listed.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("exitborn\\.jar +org\\.zfnet\\.test\\.exitborn 1\\.0\\.0 +component "
                + "org\\.zfnet\\.test\\.exitborn\\.Plugin failed to activate: " + EXIT_FAILURE + "System\\.exit\\(3\\)")),
                listed.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("haltborn\\.jar +org\\.zfnet\\.test\\.haltborn 1\\.0\\.0 +component "
                + "org\\.zfnet\\.test\\.haltborn\\.Plugin failed to activate: " + EXIT_FAILURE + "Runtime\\.halt\\(3\\)")),
                listed.out());

        Path filters = temp.resolve("filters");
        Result deconv = zfnet(plugins, "analyze", "deconv", "--filters", "--out", filters.toString());
        assertEquals(0, deconv.code(), deconv.err());
        assertTrue(Files.isRegularFile(filters.resolve("conv1-filters.png")));

        Result exited = zfnet(plugins, "analyze", "exiting", "--out", temp.resolve("exited").toString());
        assertEquals(1, exited.code());
        assertEquals("zfnet: plugin exiting (org.zfnet.test.exiting) failed: " + EXIT_FAILURE + "System.exit(3)",
                exited.err().strip());

        Result halted = zfnet(plugins, "analyze", "halting", "--out", temp.resolve("halted").toString());
        assertEquals(1, halted.code());
        assertEquals("zfnet: plugin halting (org.zfnet.test.halting) failed: " + EXIT_FAILURE + "Runtime.halt(3)",
                halted.err().strip());

        Path sneakyOut = temp.resolve("sneaky");
        Result sneaky = zfnet(plugins, "analyze", "sneaky", "--out", sneakyOut.toString());
        assertEquals(1, sneaky.code(), "System.exit(0) by reflection does not end the run with success");
        assertEquals("zfnet: the process was asked to exit (System.exit called by org.zfnet.test.sneaky.Plugin.run) "
                + "before the command finished; stopped, nothing was written to " + sneakyOut, sneaky.err().strip());
        assertEquals(List.of(), leftovers(temp, "sneaky"));
    }

    @Test
    void theDemoFinishesItsReportWhenAPluginCallsSystemExitAndExitsOne() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        FaultyPlugins.drop(FaultyPlugins.build(Files.createDirectories(temp.resolve("jars")), "exiting",
                FaultyPlugins.EXITING, "", ""), plugins);
        Path out = temp.resolve("demo");
        Result demo = zfnet(plugins, "demo", "--images-per-class", "1", "--out", out.toString());
        assertEquals(1, demo.code(), demo.out() + demo.err());
        assertTrue(demo.err().contains("zfnet: demo: exiting 'exiting' failed: plugin exiting (org.zfnet.test.exiting) "
                + "failed: " + EXIT_FAILURE + "System.exit(3)"), demo.err());
        assertTrue(Files.isRegularFile(out.resolve("index.html")), "the report is written: " + demo.out());
        assertEquals(List.of(), leftovers(temp, "demo"));
    }

    @Test
    void ctrlCOrSigtermStopsTheRunRemovesItsStagingKeepsItsCheckpointsAndSaysSo() throws Exception {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        FaultyPlugins.drop(FaultyPlugins.build(Files.createDirectories(temp.resolve("jars")), "checkpointing",
                FaultyPlugins.CHECKPOINTING, "", ""), plugins);
        assumeFalse(sigintIgnored(), "SIGINT is ignored by this process (started as a background job), and so by zfnet");
        stop(plugins, "INT", 130);
        stop(plugins, "TERM", 143);
    }

    /** Sends {@code signal} to a run once it has begun writing, and checks what it leaves. */
    private void stop(Path plugins, String signal, int code) throws Exception {
        Path out = temp.resolve("stopped-" + signal);
        Path err = temp.resolve("err-" + signal + ".txt");
        Process p = TestDistribution.zfnetProcess("--plugins", plugins.toString(), "analyze", "checkpointing", "--out",
                out.toString()).redirectError(err.toFile()).redirectOutput(temp.resolve("out-" + signal + ".txt").toFile())
                .start();
        Path state = temp.resolve(".stopped-" + signal + ".checkpoints/state");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(state) && leftovers(temp, out.getFileName().toString()).size() == 1)) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the run did not start: " + Files.readString(err));
            Thread.sleep(50);
        }
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "zfnet did not stop on SIG" + signal);
        assertEquals(code, p.exitValue());
        assertEquals("zfnet: interrupted (SIG" + signal + "); stopped before finishing, nothing was written to " + out,
                Files.readString(err).strip());
        assertEquals(List.of(), leftovers(temp, out.getFileName().toString()), "no staging folder is left");
        assertFalse(Files.exists(out));
        assertEquals("resume here", Files.readString(state), "the checkpoints stay, for a re-run to resume");
    }

    private static Result zfnet(Path plugins, String... args) throws Exception {
        String[] line = Stream.concat(Stream.of("--plugins", plugins.toString()), Stream.of(args)).toArray(String[]::new);
        return TestDistribution.zfnet(Map.of(), null, line);
    }

    /** The hidden staging folders of runs to {@code dir/name}. */
    private static List<String> leftovers(Path dir, String name) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("." + name + ".part-")).toList();
        }
    }

    /** Whether this process, and so every process it starts, ignores SIGINT: bit 2 of SigIgn in /proc/self/status. */
    private static boolean sigintIgnored() throws Exception {
        String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .findFirst().orElseThrow().substring("SigIgn:".length()).strip();
        return (Long.parseLong(ignored, 16) & 0x2) != 0;
    }
}
