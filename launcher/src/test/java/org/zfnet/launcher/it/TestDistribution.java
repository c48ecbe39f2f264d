package org.zfnet.launcher.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.zfnet.launcher.BackendProbe;
import org.zfnet.launcher.Container;
import org.zfnet.launcher.Distribution;

/** The distribution built by this module ({@code target/zfnet}), as the integration tests use it. */
final class TestDistribution {

    private TestDistribution() {
    }

    static Distribution dist() {
        String dir = System.getProperty("zfnet.dist");
        if (dir == null) {
            throw new IllegalStateException("run through Maven (failsafe sets -Dzfnet.dist)");
        }
        return new Distribution(Path.of(dir));
    }

    static Path cache() {
        String cache = System.getProperty("zfnet.cache");
        return cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "zfnet");
    }

    static Map<String, String> statuses() {
        return new LinkedHashMap<>(BackendProbe.ofThisMachine(dist(), System.getenv()).statuses());
    }

    /** Container settings for the CPU backend with its own plugins folder. */
    static Container.Settings cpu(Path pluginsDir) {
        System.setProperty("org.bytedeco.javacpp.cachedir", cache().resolve("javacpp").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        return new Container.Settings("cpu", statuses(), pluginsDir, cache(), false, false);
    }

    static Path examplePlugin() throws IOException {
        Path jar = Path.of(System.getProperty("zfnet.example.plugin"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("example plugin jar not built: " + jar);
        }
        return jar;
    }
}
