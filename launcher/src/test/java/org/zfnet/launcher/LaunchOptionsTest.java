package org.zfnet.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTest {

    @TempDir
    Path home;

    private Distribution dist(String conf) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/zfnet.properties"), conf);
        return new Distribution(home);
    }

    @Test
    void launcherOptionsAreTakenOutAnywhereAndTheRestGoesToTheCommand() throws Exception {
        LaunchOptions o = LaunchOptions.parse(new String[] {"backends", "--backend", "cpu", "--json", "-v",
            "--plugins=/tmp/p"}, dist(""), Map.of());
        assertEquals("cpu", o.backend());
        assertTrue(o.verbose());
        assertEquals(Path.of("/tmp/p"), o.pluginsDir());
        assertEquals(List.of("backends", "--json"), o.command());
    }

    @Test
    void configurationGivesDefaultsThatTheCommandLineOverrides() throws Exception {
        Distribution dist = dist("backend=cuda\nplugins=extra\ncache=~/zf-cache\nbackend.probe=false\n");
        LaunchOptions fromConf = LaunchOptions.parse(new String[] {"plugins"}, dist, Map.of());
        assertEquals("cuda", fromConf.backend());
        assertEquals(home.resolve("extra"), fromConf.pluginsDir(), "relative to the distribution");
        assertEquals(Path.of(System.getProperty("user.home"), "zf-cache"), fromConf.cacheDir());
        assertFalse(fromConf.probe());
        LaunchOptions overridden = LaunchOptions.parse(new String[] {"--backend=auto", "plugins"}, dist, Map.of());
        assertEquals("auto", overridden.backend());
    }

    @Test
    void defaultsWithoutConfiguration() throws Exception {
        LaunchOptions o = LaunchOptions.parse(new String[] {"plugins"}, new Distribution(home),
                Map.of("XDG_CACHE_HOME", "/xdg"));
        assertEquals("auto", o.backend());
        assertEquals(home.resolve("plugins"), o.pluginsDir());
        assertEquals(Path.of("/xdg/zfnet"), o.cacheDir());
        assertTrue(o.probe());
    }

    @Test
    void unknownBackendIsRefusedWithTheChoices() throws Exception {
        LaunchException e = assertThrows(LaunchException.class,
                () -> LaunchOptions.parse(new String[] {"--backend", "gpu", "backends"}, dist(""), Map.of()));
        assertEquals(2, e.exitCode());
        assertEquals("unknown backend 'gpu' (expected cpu, cuda or auto)", e.getMessage());
    }

    @Test
    void optionWithoutValueIsRefused() throws Exception {
        LaunchException e = assertThrows(LaunchException.class,
                () -> LaunchOptions.parse(new String[] {"backends", "--backend"}, dist(""), Map.of()));
        assertEquals("option --backend needs a value", e.getMessage());
    }
}
