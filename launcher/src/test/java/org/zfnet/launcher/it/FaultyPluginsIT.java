package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zfnet.launcher.Container;
import org.zfnet.launcher.it.TestDistribution.Result;

/**
 * Plugins that throw, hang, exhaust memory, overflow their stack, fail to activate or to resolve do not take zfnet
 * down: each is reported in one line naming it, and the other plugins keep working in the same container.
 */
class FaultyPluginsIT {

    @TempDir
    Path temp;

    @Test
    void jarsThatDoNotLoadAreListedWithTheReasonWhileTheGoodPluginsListAndRun() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        drop(FaultyPlugins.build(jars, "orphan", "return null;", ",org.nobody.exports", ""), plugins);
        drop(FaultyPlugins.build(jars, "stillborn", "return null;", "",
                "throw new IllegalStateException(\"no network cable\");"), plugins);
        drop(FaultyPlugins.plainJar(jars, "library.jar"), plugins);
        drop(TestDistribution.examplePlugin(), plugins);
        try (Container container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err)) {
            Result listed = TestDistribution.run(container, "plugins");
            assertEquals(0, listed.code(), listed.err());
            List<String> lines = listed.out().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.matches("edges +org\\.zfnet\\.examples\\.edges .*")), listed.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("deconv +org\\.zfnet\\.plugin\\.deconv .*")), listed.out());
            assertTrue(lines.contains("not loaded from " + plugins + ":"), listed.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("library\\.jar +- +not an OSGi bundle: its manifest has no "
                    + "Bundle-SymbolicName")), listed.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("orphan\\.jar +org\\.zfnet\\.test\\.orphan 1\\.0\\.0 +not "
                    + "resolved: missing requirement osgi\\.wiring\\.package; \\(osgi\\.wiring\\.package=org\\.nobody"
                    + "\\.exports\\)")), listed.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("stillborn\\.jar +org\\.zfnet\\.test\\.stillborn 1\\.0\\.0 +"
                    + "component org\\.zfnet\\.test\\.stillborn\\.Plugin failed to activate: java\\.lang\\."
                    + "IllegalStateException: no network cable")),
                    listed.out());
            String good = TestDistribution.examplePlugin().getFileName().toString();
            assertTrue(lines.stream().noneMatch(l -> l.startsWith(good)), "the good jar is not among them");

            JsonNode json = new ObjectMapper().readTree(TestDistribution.run(container, "plugins", "--json").out());
            List<String> notLoaded = new ArrayList<>();
            json.get("not_loaded").forEach(n -> notLoaded.add(n.get("file").asText() + ": " + n.get("reason").asText()));
            assertEquals(3, notLoaded.size(), notLoaded.toString());
            assertTrue(notLoaded.get(1).startsWith("orphan.jar: not resolved: missing requirement"), notLoaded.toString());
            assertTrue(json.get("plugins").findValuesAsText("id").contains("edges"), json.toString());

            Result deconv = TestDistribution.run(container, "analyze", "deconv", "--filters", "--out", temp.resolve("filters").toString());
            assertEquals(0, deconv.code(), deconv.err());
        }
    }

    @Test
    void aThrowingHangingOrOverflowingPluginIsOneLineExitOneAndTheContainerGoesOn() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        drop(FaultyPlugins.build(jars, "throwing", FaultyPlugins.THROWING, "", ""), plugins);
        drop(FaultyPlugins.build(jars, "hanging", FaultyPlugins.HANGING, "", ""), plugins);
        drop(FaultyPlugins.build(jars, "deep", FaultyPlugins.DEEP, "", ""), plugins);
        try (Container container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err)) {
            Result thrown = TestDistribution.run(container, "analyze", "throwing", "--out", temp.resolve("thrown").toString());
            assertEquals(1, thrown.code());
            assertEquals("zfnet: plugin throwing (org.zfnet.test.throwing) failed: java.lang.IllegalStateException: "
                    + "the throwing plugin always throws", thrown.err().strip());

            Path hangingOut = temp.resolve("hanging");
            long start = System.nanoTime();
            Result hung = TestDistribution.run(container, "analyze", "hanging", "--timeout", "1s", "--out", hangingOut.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1, hung.code());
            assertEquals("zfnet: plugin hanging (org.zfnet.test.hanging) exceeded --timeout 1s", hung.err().strip());
            assertTrue(seconds < 10, "stopped at the limit, not " + seconds + " s later");
            assertFalse(Files.exists(hangingOut), "no output folder for a run that timed out");

            Result badLimit = TestDistribution.run(container, "analyze", "hanging", "--timeout", "soon", "--out", hangingOut.toString());
            assertEquals(2, badLimit.code());
            assertEquals("zfnet: --timeout must be a duration such as 500ms, 30s, 5m, 1h, or 0 for none; got 'soon'",
                    badLimit.err().strip());

            Result demoBadLimit = TestDistribution.run(container, "demo", "--timeout", "5", "--out", temp.resolve("demo").toString());
            assertEquals(2, demoBadLimit.code());
            assertEquals("zfnet: --timeout must be a duration such as 500ms, 30s, 5m, 1h, or 0 for none; got '5'",
                    demoBadLimit.err().strip());

            Result deep = TestDistribution.run(container, "analyze", "deep", "--out", temp.resolve("deep").toString());
            assertEquals(1, deep.code());
            assertEquals("zfnet: plugin deep (org.zfnet.test.deep) overflowed its stack (java.lang.StackOverflowError)",
                    deep.err().strip());

            Result deconv = TestDistribution.run(container, "analyze", "deconv", "--filters", "--out", temp.resolve("filters").toString());
            assertEquals(0, deconv.code(), deconv.err());
            assertTrue(Files.isRegularFile(temp.resolve("filters/conv1-filters.png")));
        }
    }

    @Test
    void aPluginThatExhaustsTheHeapIsReportedAndTheNextCommandOfTheShellWorksAndVerboseShowsStackTraces() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        drop(FaultyPlugins.build(jars, "hungry", FaultyPlugins.HUNGRY, "", ""), plugins);
        drop(FaultyPlugins.build(jars, "throwing", FaultyPlugins.THROWING, "", ""), plugins);
        Path filters = temp.resolve("filters");
        Map<String, String> heap = Map.of("ZFNET_JAVA_OPTS", "-Xmx512m");

        Result alone = zfnet(heap, null, "--plugins", plugins.toString(), "analyze", "hungry", "--out",
                temp.resolve("alone").toString());
        assertEquals(1, alone.code(), alone.err());
        assertTrue(alone.err().strip().matches("zfnet: plugin hungry \\(org\\.zfnet\\.test\\.hungry\\) ran out of memory "
                + "\\(Java heap space\\); the JVM's limit is \\d+ MB, set with ZFNET_JAVA_OPTS=-Xmx\\.\\.\\."), alone.err());

        Result verbose = zfnet(Map.of(), null, "--plugins", plugins.toString(), "--verbose", "analyze", "throwing", "--out",
                temp.resolve("thrown").toString());
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("zfnet: plugin throwing (org.zfnet.test.throwing) failed: "
                + "java.lang.IllegalStateException: the throwing plugin always throws\njava.lang.IllegalStateException: "
                + "the throwing plugin always throws\n\tat org.zfnet.test.throwing.Plugin.run("), "--verbose shows the "
                + "plugin's stack trace:\n" + verbose.err());

        Result shell = zfnet(heap, "zfnet:backends\nzfnet:analyze hungry --out " + temp.resolve("hungry")
                + "\nzfnet:analyze deconv --filters --out " + filters + "\n", "--plugins", plugins.toString(), "shell");
        assertEquals(0, shell.code(), shell.err());
        assertTrue(shell.err().contains("zfnet: plugin hungry (org.zfnet.test.hungry) ran out of memory (Java heap space)"),
                shell.err());
        assertTrue(Files.isRegularFile(filters.resolve("conv1-filters.png")), "the next command ran: " + shell.out()
                + shell.err());
    }

    /** Copies a jar into the watched folder in one step, as a finished file. */
    private static void drop(Path jar, Path plugins) throws IOException {
        Path part = plugins.resolve(jar.getFileName() + ".part");
        Files.copy(jar, part);
        Files.move(part, plugins.resolve(jar.getFileName()));
    }

    /** The distribution's {@code bin/zfnet} in a process of its own. */
    private static Result zfnet(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(TestDistribution.dist().home().resolve("bin/zfnet").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("zfnet-err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, "zfnet " + String.join(" ", args) + " did not finish");
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, errText);
    }
}
