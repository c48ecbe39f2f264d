package org.zfnet.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.zfnet.launcher.Container;

/**
 * One container on the CPU backend for all the tests of a class, with an empty plugins folder of its own; started
 * before the class's {@code @BeforeAll} methods, closed after its last test.
 * {@code @RegisterExtension static final SharedContainer container = new SharedContainer();}
 */
final class SharedContainer implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger REFUSALS = new AtomicInteger();
    private Container container;
    private Path plugins;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        plugins = Files.createTempDirectory("zfnet-it-plugins");
        container = Container.start(TestDistribution.dist(), TestDistribution.cpu(plugins), System.err);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (container != null) {
            container.close();
        }
        Files.deleteIfExists(plugins);
    }

    /** Runs a command line in the container, capturing its output. */
    TestDistribution.Result run(String... args) throws Exception {
        return TestDistribution.run(container, args);
    }

    /**
     * Runs the command with {@code --out} a new folder {@code dir/out-N} and checks exit 2, one line on standard error
     * containing {@code expected}, and no output (not even a hidden staging folder beside it).
     */
    void refused(Path dir, String expected, String... args) throws Exception {
        Path out = dir.resolve("out-" + REFUSALS.incrementAndGet());
        List<String> line = new ArrayList<>(Arrays.asList(args));
        line.add("--out");
        line.add(out.toString());
        TestDistribution.Result r = run(line.toArray(String[]::new));
        String what = String.join(" ", args);
        assertEquals(2, r.code(), what + "\n" + r.err() + r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), what + ": one line on stderr, got\n" + r.err());
        assertTrue(lines.get(0).startsWith("zfnet: ") && lines.get(0).contains(expected),
                what + ": expected '" + expected + "' in\n" + lines.get(0));
        assertFalse(Files.exists(out), what + ": left " + out);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> leftovers = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".out-")).toList();
            assertEquals(List.of(), leftovers, what + ": staging folders left beside --out");
        }
    }
}
