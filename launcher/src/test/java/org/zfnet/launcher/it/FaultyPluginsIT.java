package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void jarsThatDoNotLoadOrLoseTheirIdAreListedWithTheReasonWhileTheGoodPluginsListAndRun() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        FaultyPlugins.drop(FaultyPlugins.build(jars, "orphan", "return null;", ",org.nobody.exports", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "stillborn", "return null;", "",
                "throw new IllegalStateException(\"no network cable\");"), plugins);
        FaultyPlugins.drop(FaultyPlugins.plainJar(jars, "library.jar"), plugins);
        FaultyPlugins.drop(TestDistribution.examplePlugin(), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "deconv", FaultyPlugins.THROWING, "", ""), plugins);
        try (Container container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err)) {
            Result listed = TestDistribution.run(container, "plugins");
            assertEquals(0, listed.code(), listed.err());
            List<String> lines = listed.out().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.matches("edges +org\\.zfnet\\.examples\\.edges .*")), listed.out());
            assertEquals(1, lines.stream().filter(l -> l.startsWith("deconv ")).count(), "one row per id: " + listed.out());
            assertTrue(lines.stream().anyMatch(l -> l.matches("deconv +org\\.zfnet\\.plugin\\.deconv .*")), listed.out());
            String shadowed = "plugin id 'deconv' is already taken by org\\.zfnet\\.plugin\\.deconv \\S+ \\(plugins shipped "
                    + "with zfnet win over dropped-in ones\\)";
            assertTrue(lines.stream().anyMatch(l -> l.matches("deconv\\.jar +org\\.zfnet\\.test\\.deconv 1\\.0\\.0 +"
                    + shadowed)), listed.out());
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
            assertEquals(4, notLoaded.size(), notLoaded.toString());
            assertTrue(notLoaded.get(0).matches("deconv\\.jar: " + shadowed), notLoaded.toString());
            assertTrue(notLoaded.get(2).startsWith("orphan.jar: not resolved: missing requirement"), notLoaded.toString());
            assertTrue(json.get("plugins").findValuesAsText("id").contains("edges"), json.toString());
            assertEquals(1, json.get("plugins").findValuesAsText("id").stream().filter("deconv"::equals).count(), json.toString());

            Result deconv = TestDistribution.run(container, "analyze", "deconv", "--filters", "--out", temp.resolve("filters").toString());
            assertEquals(0, deconv.code(), deconv.err());
            assertTrue(deconv.err().strip().matches("zfnet: note: not running org\\.zfnet\\.test\\.deconv 1\\.0\\.0: "
                    + shadowed), "the shipped deconv runs, one note says so: " + deconv.err());
        }
    }

    @Test
    void aThrowingHangingOverflowingOrEmptyHandedPluginIsOneLineExitOneAndTheContainerGoesOn() throws Exception {
        Path jars = Files.createDirectories(temp.resolve("jars"));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        FaultyPlugins.drop(FaultyPlugins.build(jars, "throwing", FaultyPlugins.THROWING, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "hanging", FaultyPlugins.HANGING, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "deep", FaultyPlugins.DEEP, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "empty", "return null;", "", ""), plugins);
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

            Result empty = TestDistribution.run(container, "analyze", "empty", "--out", temp.resolve("empty").toString());
            assertEquals(1, empty.code());
            assertEquals("zfnet: plugin empty (org.zfnet.test.empty) returned no result (run() returned null)",
                    empty.err().strip());
            assertFalse(Files.exists(temp.resolve("empty")), "no output folder for a run without a result");

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
        FaultyPlugins.drop(FaultyPlugins.build(jars, "hungry", FaultyPlugins.HUNGRY, "", ""), plugins);
        FaultyPlugins.drop(FaultyPlugins.build(jars, "throwing", FaultyPlugins.THROWING, "", ""), plugins);
        Path filters = temp.resolve("filters");
        Map<String, String> heap = Map.of("ZFNET_JAVA_OPTS", "-Xmx512m");

        Result alone = TestDistribution.zfnet(heap, null, "--plugins", plugins.toString(), "analyze", "hungry", "--out",
                temp.resolve("alone").toString());
        assertEquals(1, alone.code(), alone.err());
        assertTrue(alone.err().strip().matches("zfnet: plugin hungry \\(org\\.zfnet\\.test\\.hungry\\) ran out of memory "
                + "\\(Java heap space\\); the JVM's limit is \\d+ MB, set with ZFNET_JAVA_OPTS=-Xmx\\.\\.\\."), alone.err());

        Result verbose = TestDistribution.zfnet(Map.of(), null, "--plugins", plugins.toString(), "--verbose", "analyze",
                "throwing", "--out", temp.resolve("thrown").toString());
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("zfnet: plugin throwing (org.zfnet.test.throwing) failed: "
                + "java.lang.IllegalStateException: the throwing plugin always throws\njava.lang.IllegalStateException: "
                + "the throwing plugin always throws\n\tat org.zfnet.test.throwing.Plugin.run("), "--verbose shows the "
                + "plugin's stack trace:\n" + verbose.err());

        Result shell = TestDistribution.zfnet(heap, "zfnet:backends\nzfnet:analyze hungry --out " + temp.resolve("hungry")
                + "\nzfnet:analyze deconv --filters --out " + filters + "\n", "--plugins", plugins.toString(), "shell");
        assertEquals(0, shell.code(), shell.err());
        assertTrue(shell.err().contains("zfnet: plugin hungry (org.zfnet.test.hungry) ran out of memory (Java heap space)"),
                shell.err());
        assertTrue(Files.isRegularFile(filters.resolve("conv1-filters.png")), "the next command ran: " + shell.out()
                + shell.err());
    }
}
