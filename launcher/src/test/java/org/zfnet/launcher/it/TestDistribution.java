package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        return new Container.Settings("cpu", statuses(), pluginsDir, cache(), false, false, false);
    }

    /** What a command printed and returned. */
    record Result(int code, String out, String err) {
    }

    /** Runs a command line in the container, capturing its output. */
    static Result run(Container container, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = container.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The distribution's {@code bin/zfnet} with {@code args}, to start as a process of its own. */
    static ProcessBuilder zfnetProcess(String... args) {
        List<String> command = new ArrayList<>();
        command.add(dist().home().resolve("bin/zfnet").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** The distribution's {@code bin/zfnet} in a process of its own, given {@code stdin} (or none); at most 3 minutes. */
    static Result zfnet(Map<String, String> env, String stdin, String... args) throws Exception {
        ProcessBuilder pb = zfnetProcess(args);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("zfnet-err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, "zfnet " + String.join(" ", args) + " did not finish");
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, errText);
    }

    static Path examplePlugin() throws IOException {
        Path jar = Path.of(System.getProperty("zfnet.example.plugin"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException("example plugin jar not built: " + jar);
        }
        return jar;
    }
}
